export type CsvEncoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export interface DecodedCsv {
  text: string;
  encoding: CsvEncoding;
}

/**
 * An uploaded CSV's text. Excel's plain "CSV" is saved in the computer's ANSI code page in many
 * locales (Windows-1252 in western Europe and the Americas), so "José" arrives as bytes that are not
 * UTF-8; read as UTF-8 they would become replacement characters and be imported garbled. A file
 * that is valid UTF-8 is read as UTF-8 (nearly no Windows-1252 text with accents is); one that is
 * not is read as Windows-1252, which assigns a character to every byte. Excel's "Unicode text" is
 * UTF-16 and starts with a byte order mark; UTF-16 without one is recognised by its NUL bytes.
 * TextDecoder drops the BOM of each encoding.
 */
export function decodeCsv(bytes: Uint8Array): DecodedCsv {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(bytes), encoding: "utf-16le" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder("utf-16be").decode(bytes), encoding: "utf-16be" };
  const unmarked = unmarkedUtf16(bytes);
  if (unmarked) return { text: new TextDecoder(unmarked).decode(bytes), encoding: unmarked };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: "windows-1252" };
  }
}

/**
 * UTF-16 saved without a byte order mark (some exports and scripts write it so). Its NUL bytes are
 * valid UTF-8, so it would otherwise be "read" as UTF-8 with a NUL between every letter. A CSV has
 * no NUL of its own, while UTF-16 text of Latin letters, digits and punctuation has one in every
 * other byte: the side where most of the NULs fall tells the byte order.
 */
function unmarkedUtf16(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const sample = Math.min(bytes.length, 4096) & ~1;
  if (sample < 2) return null;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let index = 0; index < sample; index += 2) {
    if (bytes[index] === 0) evenNuls++;
    if (bytes[index + 1] === 0) oddNuls++;
  }
  // Mostly one side, hardly the other: text in a non-Latin script (Devanagari…) has fewer NULs, but
  // a CSV's delimiters, digits and line breaks alone put them in well over a tenth of the pairs.
  const enough = Math.max(4, sample / 20);
  if (oddNuls >= enough && evenNuls <= oddNuls / 10) return "utf-16le";
  if (evenNuls >= enough && oddNuls <= evenNuls / 10) return "utf-16be";
  return null;
}

/**
 * Windows-1252's characters for the bytes 0x80–0x9F, where it differs from Latin-1 (€, curly quotes,
 * dashes, Š, Ž, Ÿ…); the five bytes it leaves unassigned stay C1 controls, as the WHATWG standard says.
 */
const WINDOWS_1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";

/**
 * By table, not `new TextDecoder("windows-1252")`: Node since 20.18.3 / 22.13.0 decodes that label
 * as Latin-1 (nodejs/node#60888), so "€5" and Word's curly quotes would become control characters.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  const chunks: string[] = [];
  // In chunks: a spread of a whole 2 MB file would pass more arguments than a call can take.
  for (let start = 0; start < bytes.length; start += 8192) {
    const units = Array.from(bytes.subarray(start, start + 8192), (byte) => (byte >= 0x80 && byte < 0xa0 ? WINDOWS_1252_HIGH.charCodeAt(byte - 0x80) : byte));
    chunks.push(String.fromCharCode(...units));
  }
  return chunks.join("");
}

/** What to tell the user about a file not read as UTF-8, so a wrong guess is noticed before importing. */
export function encodingNote(encoding: CsvEncoding): string | undefined {
  if (encoding === "windows-1252") return "Read as Windows-1252 (not UTF-8).";
  if (encoding === "utf-16le" || encoding === "utf-16be") return "Read as UTF-16 (Unicode text).";
  return undefined;
}
