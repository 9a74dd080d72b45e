import { describe, expect, it } from "vitest";
import { recordIdSegment } from "./record-id";

describe("recordIdSegment", () => {
  it("reads canonical decimal ids", () => {
    expect(recordIdSegment("1")).toBe(1);
    expect(recordIdSegment("1000")).toBe(1000);
    expect(recordIdSegment(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("refuses every other spelling of a number", () => {
    for (const segment of ["1e3", "0x10", "0o7", "0b1", "010", "0", "-1", "+1", " 7", "7 ", "1.0", "1.", "", "Infinity", "NaN", "9007199254740993", "12345678901234567", "١٢", "abc"]) {
      expect(recordIdSegment(segment), segment).toBeUndefined();
    }
  });
});
