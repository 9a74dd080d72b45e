import { describe, expect, it } from "vitest";
import { malformedPath } from "./malformed-path";

describe("malformed request paths", () => {
  it("are those whose percent-encoding does not decode", () => {
    expect(malformedPath("/inbox/%E0%A4")).toBe(true);
    expect(malformedPath("/people/%")).toBe(true);
    expect(malformedPath("/inbox/%2B919800000001")).toBe(false);
    expect(malformedPath("/inbox/%E0%A4%95")).toBe(false);
    expect(malformedPath("/analytics")).toBe(false);
  });
});
