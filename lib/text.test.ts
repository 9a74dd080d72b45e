import { describe, expect, it } from "vitest";
import { compareNames, plural, unixLineBreaks } from "./text";

describe("plural", () => {
  it("keeps one singular and everything else plural", () => {
    expect(plural(1, "day")).toBe("1 day");
    expect(plural(2, "day")).toBe("2 days");
    expect(plural(0, "day")).toBe("0 days");
    expect(plural(1, "pending declaration")).toBe("1 pending declaration");
  });
});

describe("compareNames", () => {
  it("orders numbers inside names by value, ignoring case and accents", () => {
    expect(["Bulk 10", "bulk 2", "Bulk 1", "Émile", "Asha"].sort(compareNames)).toEqual(["Asha", "Bulk 1", "bulk 2", "Bulk 10", "Émile"]);
  });
});

describe("unixLineBreaks", () => {
  it("turns a browser's CRLF (and a lone CR) into LF", () => {
    expect(unixLineBreaks("a\r\nb\rc\nd")).toBe("a\nb\nc\nd");
  });
});

