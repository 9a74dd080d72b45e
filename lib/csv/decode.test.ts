import { describe, expect, it } from "vitest";
import { decodeCsv, encodingNote } from "./decode";

describe("decodeCsv", () => {
  it("reads UTF-8, without its BOM", () => {
    expect(decodeCsv(Buffer.from("\uFEFFname\nJosé Müller\n", "utf8"))).toEqual({ text: "name\nJosé Müller\n", encoding: "utf-8" });
    expect(decodeCsv(Buffer.from("plain ascii"))).toEqual({ text: "plain ascii", encoding: "utf-8" });
  });

  it("reads bytes that are not UTF-8 as Windows-1252, as Excel's plain CSV saves them in many locales", () => {
    // "José", then "Müller, €5": é, ü and € are single bytes in Windows-1252 and invalid as UTF-8.
    expect(decodeCsv(Buffer.from([0x4a, 0x6f, 0x73, 0xe9]))).toEqual({ text: "José", encoding: "windows-1252" });
    expect(decodeCsv(Buffer.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x2c, 0x20, 0x80, 0x35])).text).toBe("Müller, €5");
    expect(decodeCsv(Buffer.from([0x4a, 0x6f, 0x73, 0xe9])).text).not.toContain("\uFFFD");
    // Word's curly quotes and dashes live in 0x80–0x9F, where Windows-1252 is not Latin-1.
    expect(decodeCsv(Buffer.from([0x93, 0x4f, 0x4b, 0x94, 0x20, 0x96, 0x20, 0x8a, 0x9f, 0xff])).text).toBe("“OK” – ŠŸÿ");
  });

  it("reads a whole large Windows-1252 file, byte for byte", () => {
    const bytes = Buffer.alloc(2_000_000, Buffer.from([0x4a, 0x6f, 0x73, 0xe9, 0x0a]));
    const { text, encoding } = decodeCsv(bytes);
    expect(encoding).toBe("windows-1252");
    expect(text).toHaveLength(bytes.length);
    expect(text.slice(0, 10)).toBe("José\nJosé\n");
  });

  it("reads UTF-16 with a byte order mark, as Excel's Unicode text saves", () => {
    const text = "name\temployee_code\r\nJosé Müller\tE1\r\n";
    expect(decodeCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]))).toEqual({ text, encoding: "utf-16le" });
    const bigEndian = Buffer.from(text, "utf16le").swap16();
    expect(decodeCsv(Buffer.concat([Buffer.from([0xfe, 0xff]), bigEndian]))).toEqual({ text, encoding: "utf-16be" });
  });

  it("reads UTF-16 without a byte order mark, by where its NUL bytes fall", () => {
    const text = "name,employee_code,phone\nJosé Müller,E1,+919800000001\nराम शर्मा,E2,+919800000002\n";
    expect(decodeCsv(Buffer.from(text, "utf16le"))).toEqual({ text, encoding: "utf-16le" });
    expect(decodeCsv(Buffer.from(text, "utf16le").swap16())).toEqual({ text, encoding: "utf-16be" });
    // Text with a stray NUL is not UTF-16 for it.
    expect(decodeCsv(Buffer.from("name\nJosé\u0000 Müller\n", "utf8")).encoding).toBe("utf-8");
  });

  it("says when a file was not read as UTF-8", () => {
    expect(encodingNote("utf-8")).toBeUndefined();
    expect(encodingNote("windows-1252")).toBe("Read as Windows-1252 (not UTF-8).");
    expect(encodingNote("utf-16le")).toBe("Read as UTF-16 (Unicode text).");
  });
});
