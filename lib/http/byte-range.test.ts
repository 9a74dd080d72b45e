import { describe, expect, it } from "vitest";
import { byteRangeOf, isSingleByteRange } from "./byte-range";

describe("byteRangeOf", () => {
  it.each([
    ["bytes=0-0", { start: 0, end: 0 }],
    ["bytes=0-99", { start: 0, end: 99 }],
    ["bytes=10-", { start: 10, end: 99 }],
    ["bytes=90-500", { start: 90, end: 99 }],
    ["bytes=-10", { start: 90, end: 99 }],
    ["bytes=-500", { start: 0, end: 99 }],
    [" bytes=5-6 ", { start: 5, end: 6 }],
  ])("reads %s of a 100-byte file", (header, range) => {
    expect(byteRangeOf(header, 100)).toEqual(range);
  });

  it.each(["bytes=100-", "bytes=100-200", "bytes=-0"])("says %s cannot be served from a 100-byte file", (header) => {
    expect(byteRangeOf(header, 100)).toBe("unsatisfiable");
  });

  it.each([null, "", "bytes=", "bytes=-", "bytes=5-2", "bytes=0-1,4-5", "items=0-1", "bytes=a-b", `bytes=0-${"9".repeat(16)}`])(
    "serves the whole file for %j",
    (header) => {
      expect(byteRangeOf(header, 100)).toBeNull();
      expect(isSingleByteRange(header)).toBe(false);
    },
  );
});
