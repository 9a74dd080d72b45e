import { describe, expect, it } from "vitest";
import { canonicalSegment, phoneFromSegment, threadHref } from "./phone-path";

describe("conversation paths", () => {
  it("round-trips a number, and takes anything else (a malformed escape included) for no number", () => {
    expect(phoneFromSegment(threadHref("+919812345678").slice("/inbox/".length))).toBe("+919812345678");
    expect(phoneFromSegment("%2B919812345678")).toBe("+919812345678");
    for (const segment of ["%E0%A4%A", "%", "12345", "0919812345678", "abc"]) expect(phoneFromSegment(segment), segment).toBeNull();
  });

  it("takes a number as people paste it: spaces, dashes, dots, brackets and a whatsapp: prefix are separators", () => {
    const pasted = [
      "+91 98000 00004",
      "%2B91%2098000%2000004",
      "+91%2098000%2000004",
      "91 98000 00004",
      "+91-98000-00004",
      "(+91) 98000.00004",
      " +919800000004 ",
      "+91\u00a098000\u00a000004",
      "whatsapp:+919800000004",
      "WhatsApp%3A%2B919800000004",
    ];
    for (const segment of pasted) expect(phoneFromSegment(segment), segment).toBe("+919800000004");
  });

  it("keeps garbage a non-number: letters, a second plus, a plus inside, too few or too many digits, another channel", () => {
    const garbage = [
      "+91 98000 0000x",
      "++919800000004",
      "91+9800000004",
      "+91 980",
      "+1234567890123456",
      "+0 98000 00004",
      "sms:+919800000004",
      "+91/9800000004",
      "+91_98000_00004",
      "",
      " ",
    ];
    for (const segment of garbage) expect(phoneFromSegment(segment), segment).toBeNull();
  });

  it("names each number by one canonical segment, which parses back to it", () => {
    expect(canonicalSegment("+919800000004")).toBe("919800000004");
    expect(phoneFromSegment(canonicalSegment("+919800000004"))).toBe("+919800000004");
  });
});
