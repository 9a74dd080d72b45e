/** The largest CSV file an import takes (the server action's body limit in next.config.ts leaves room for it). */
export const MAX_IMPORT_BYTES = 2_000_000;
export const IMPORT_TOO_LARGE = "That file is too large (2 MB at most).";

export type CsvDelimiter = "," | ";" | "\t";

/** Excel's optional first line naming the separator ("sep=;"), which is not part of the data. */
const SEPARATOR_HINT = /^sep=([,;\t])[ ]*(?:\r\n|\n|\r|$)/i;

/** The text without its BOM and without Excel's separator line, and the separator that line named. */
function withoutPreamble(text: string): { body: string; hinted: CsvDelimiter | undefined } {
  const input = text.replace(/^\uFEFF/, "");
  const hint = SEPARATOR_HINT.exec(input);
  return hint ? { body: input.slice(hint[0].length), hinted: hint[1] as CsvDelimiter } : { body: input, hinted: undefined };
}

/**
 * The separator, judged from the header line alone (quoted text skipped, blank lines before it
 * passed over, Excel's "sep=;" line obeyed): Excel in many locales saves "CSV" with semicolons,
 * and tab-separated text comes from copying a sheet. A header with any unquoted comma stays
 * comma-separated, so every file read before keeps reading the same way; only a header without
 * commas but with semicolons (then tabs) switches. Column names never contain these characters,
 * so the header is a fair witness for the rows below it.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const { body, hinted } = withoutPreamble(text);
  if (hinted) return hinted;
  const seen = new Set<string>();
  let quoted = false;
  let inHeader = false;
  for (const char of body) {
    if (char === '"') {
      quoted = !quoted;
      inHeader = true;
    } else if (quoted) continue;
    else if (char === "\n" || char === "\r") {
      if (inHeader) break;
    } else if (char !== " ") {
      inHeader = true;
      seen.add(char);
    }
  }
  if (seen.has(",")) return ",";
  if (seen.has(";")) return ";";
  if (seen.has("\t")) return "\t";
  return ",";
}

/**
 * RFC 4180 CSV: quoted fields with delimiters, doubled quotes and line breaks; a leading BOM and
 * Excel's "sep=" line are ignored. The delimiter is detected from the header line unless given.
 */
export function parseCsv(text: string, given?: CsvDelimiter): string[][] {
  return parseCsvLines(text, given).map((row) => row.cells);
}

/**
 * parseCsv's rows, each with the line of the file it starts on (1-based), as an editor numbers them:
 * every line break counts, inside a quoted field too, and so do blank lines and Excel's "sep=" line,
 * which are not rows. "Line 11" then points at line 11 of the file, wherever blank lines sit above it.
 */
export function parseCsvLines(text: string, given?: CsvDelimiter): { cells: string[]; line: number }[] {
  const { body: input, hinted } = withoutPreamble(text);
  const delimiter = given ?? hinted ?? detectDelimiter(input);
  const rows: { cells: string[]; line: number }[] = [];
  let line = hinted ? 2 : 1;
  let rowLine = line;
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const char = input[i]!;
    if (quoted) {
      if (char === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else {
        if (char === "\n" || (char === "\r" && input[i + 1] !== "\n")) line++;
        field += char;
      }
    } else if (char === '"' && field === "") quoted = true;
    else if (char === delimiter) {
      row.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && input[i + 1] === "\n") i++;
      row.push(field);
      rows.push({ cells: row, line: rowLine });
      line++;
      rowLine = line;
      row = [];
      field = "";
    } else field += char;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push({ cells: row, line: rowLine });
  }
  return rows.filter((parsed) => parsed.cells.some((cell) => cell.trim() !== ""));
}

/**
 * Rows as objects keyed by the header's lower-cased, trimmed names; comma-, semicolon- or
 * tab-separated. `lines[i]`: the file line records[i] starts on.
 */
export function csvRecords(text: string): { header: string[]; records: Record<string, string>[]; lines: number[] } {
  const [header, ...rows] = parseCsvLines(text);
  const names = (header?.cells ?? []).map((name) => name.trim().toLowerCase().replace(/\s+/g, "_"));
  // Our own exports guard +, -, =, @ with a leading apostrophe for spreadsheets; read them back without it.
  const cell = (value: string | undefined) => (value ?? "").trim().replace(/^'(?=[=+\-@\t])/, "");
  return {
    header: names,
    records: rows.map(({ cells }) => Object.fromEntries(names.map((name, index) => [name, cell(cells[index])]))),
    lines: rows.map((row) => row.line),
  };
}
