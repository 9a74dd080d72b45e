import { describe, expect, it } from "vitest";
import { phoneFromSegment, threadHref } from "./phone-path";

describe("conversation paths", () => {
  it("round-trips a number, and takes anything else (a malformed escape included) for no number", () => {
    expect(phoneFromSegment(threadHref("+919812345678").slice("/inbox/".length))).toBe("+919812345678");
    expect(phoneFromSegment("%2B919812345678")).toBe("+919812345678");
    for (const segment of ["%E0%A4%A", "%", "12345", "0919812345678", "abc"]) expect(phoneFromSegment(segment), segment).toBeNull();
  });
});
