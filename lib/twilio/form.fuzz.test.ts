import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FUZZ_RUNS } from "@/tests/support/fuzz-budget";
import { encodeForm, formField, MalformedFormError, parseForm, type FormParams } from "./form";

const RUNS = FUZZ_RUNS.form;

// Bodies mostly built from the characters a form body is made of, so that the fuzzer reaches
// escapes and separators far more often than uniformly random text would.
const formChar = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("&", "=", "+", "%", "%2", "%20", "%25", "%C3", "%A9", "%E2%82", "%F0%9F%99%82", "%ZZ", "%80", "%FF", "%ED%A0%80") },
  { weight: 4, arbitrary: fc.string({ unit: "grapheme", maxLength: 4 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom("__proto__", "constructor", "toString", "Body", "MessageSid", "\u0000", "\u202e", "\ud800") },
);
const formLikeBody = fc.array(formChar, { maxLength: 40 }).map((parts) => parts.join(""));

/** Well-formed text of every kind WhatsApp users send: emoji, RTL, control characters, markup. */
const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }).filter((value) => value.isWellFormed()),
  fc.constantFrom("<script>alert(1)</script>", "'; DROP TABLE messages; --", "<img src=x onerror=alert(1)>", "مرحبا بالعالم", "\u202eevil\u202c", "🙂👍🏽‍♀️", "a\u0000b\r\n\t", "+&=%", "$&$'$`"),
);
const name = text.filter((value) => value !== "" && value !== "__proto__");
const pairs = fc.array(fc.tuple(fc.oneof(name, fc.constantFrom("Body", "From", "MessageSid", "constructor")), text), { maxLength: 12 });

function expectOnlyMalformed(body: string): FormParams | null {
  try {
    return parseForm(body);
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedFormError);
    expect((error as Error).message.length).toBeGreaterThan(10);
    return null;
  }
}

/** What the pairs should parse to under our rule: one string per name, an array in arrival order once a name repeats. */
function grouped(entries: [string, string][]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [key, value] of entries) groups.set(key, [...(groups.get(key) ?? []), value]);
  return groups;
}

function expectParsedAs(params: FormParams, groups: Map<string, string[]>) {
  expect(Object.keys(params).sort()).toEqual([...groups.keys()].sort());
  for (const [key, values] of groups) {
    expect(params[key]).toEqual(values.length === 1 ? values[0] : values);
    expect(formField(params, key)).toBe(values[0]);
  }
}

describe("parseForm under fuzzing", () => {
  it("throws nothing but MalformedFormError for any text", () => {
    fc.assert(fc.property(fc.oneof(formLikeBody, fc.string({ unit: "binary", maxLength: 200 })), (body) => {
      const params = expectOnlyMalformed(body);
      if (params) expect(Object.getPrototypeOf(params)).toBeNull();
    }), { numRuns: RUNS.anyText });
  });

  it("throws nothing but MalformedFormError for random bytes read as UTF-8 or Latin-1", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      expectOnlyMalformed(Buffer.from(bytes).toString("utf8"));
      expectOnlyMalformed(Buffer.from(bytes).toString("latin1"));
    }), { numRuns: RUNS.anyBytes });
  });

  it("round-trips what URLSearchParams and encodeForm encode, duplicates in arrival order", () => {
    fc.assert(fc.property(pairs, (entries) => {
      const groups = grouped(entries);
      expectParsedAs(parseForm(new URLSearchParams(entries).toString()), groups);
      const params = parseForm(encodeForm(Object.fromEntries([...groups].map(([key, values]) => [key, values.length === 1 ? values[0]! : values]))));
      expectParsedAs(params, groups);
    }), { numRuns: RUNS.roundTrip });
  });

  it("agrees with URLSearchParams on every body it accepts", () => {
    fc.assert(fc.property(formLikeBody, (body) => {
      const params = expectOnlyMalformed(body);
      if (!params) return;
      // The constructor drops one leading "?" (it is meant for query strings); a form body keeps it,
      // as the WHATWG form parser does: a leading "&" makes the constructor parse the body as is.
      const reference = new URLSearchParams(`&${body}`);
      // URLSearchParams keeps an empty name; we refuse one, so an accepted body has none.
      expect(reference.has("")).toBe(false);
      expectParsedAs(params, grouped([...reference]));
    }), { numRuns: RUNS.agreesWithUrlSearchParams });
  });

  it("accepts or cleanly refuses every truncation of a valid body", () => {
    fc.assert(fc.property(pairs, fc.nat(), (entries, cut) => {
      const body = new URLSearchParams(entries).toString();
      expectOnlyMalformed(body.slice(0, body.length === 0 ? 0 : cut % (body.length + 1)));
    }), { numRuns: RUNS.truncated });
  });

  it("refuses a body with any escape that is not valid UTF-8, wherever it sits", () => {
    const invalid = fc.constantFrom("%80", "%BF", "%C0%AF", "%C3", "%C3%28", "%E0%A4", "%ED%A0%80", "%F4%90%80%80", "%FE", "%FF", "%", "%4", "%G1");
    fc.assert(fc.property(pairs, invalid, fc.nat(), fc.boolean(), (entries, escape, at, inName) => {
      const list = entries.length > 0 ? entries : [["Body", "x"] as [string, string]];
      const index = at % list.length;
      const parts = list.map(([key, value]) => [encodeURIComponent(key), encodeURIComponent(value)]);
      const target = parts[index]!;
      target[inName ? 0 : 1] = `${target[inName ? 0 : 1]}${escape}`;
      expect(() => parseForm(parts.map(([key, value]) => `${key}=${value}`).join("&"))).toThrow(MalformedFormError);
    }), { numRuns: RUNS.badEscapes });
  });
});
