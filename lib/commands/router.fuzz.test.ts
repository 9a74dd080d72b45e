import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FUZZ_RUNS } from "@/tests/support/fuzz-budget";
import { normalizeKeyword } from "./normalize";
import { DEFAULT_REPLIES, fillTemplate, MAX_REPLY_LENGTH, REPLY_KEYS, replyText, type Replies } from "./replies";
import { classify, routeCommand, type Command, type RoutingConfig } from "./router";
import { ruleInput } from "./rules";

const RUNS = FUZZ_RUNS.router;
const BUILT_IN = new Set<Command>(["HI", "HELP", "STATUS", "PENDING", "NISM", "ACK", "APPROVE", "REJECT", "STOP", "START", "OTHER"]);

const hostile = fc.constantFrom(
  "<script>alert(1)</script>", "'; DROP TABLE messages; --", "<img src=x onerror=alert(1)>", "مرحبا", "\u202eSTOP\u202c", "שלום",
  "🙂", "👍🏽", "\u0000", "\u0007", "\r\n", "\t", "\u00a0", "\u3000", "ＳＴＯＰ", "ﬀ", "ß", "İ", "{name}", "$&", "$'", "$`", "$$", "$1",
);
/** Message text as people type it, plus the worst of what a hostile sender can put in one. */
const messageText = (maxLength: number) => fc.oneof(
  fc.string({ unit: "grapheme", maxLength }),
  // Arbitrary UTF-16, made well-formed: text reaches the router only after strict UTF-8 decoding.
  fc.string({ unit: "binary", maxLength }).map((text) => text.toWellFormed()),
  fc.array(fc.oneof(hostile, fc.constantFrom("hi", "HELP", "stop", "Start", "approve", "42", " ", "!", ".")), { maxLength: 12 }).map((parts) => parts.join(" ")),
);
const profileName = fc.option(fc.oneof(messageText(40), fc.string({ unit: "grapheme", minLength: 200, maxLength: 1000 })), { nil: null });

/** Reply texts an admin could save: anything replyText accepts, often with placeholders in it, up to the limit. */
const replyTemplate = fc
  .tuple(fc.array(fc.oneof(messageText(30), fc.constantFrom("{name}", "{keywords}", "\n{approvals}"), fc.constant("x".repeat(400))), { minLength: 1, maxLength: 8 }), fc.boolean())
  .map(([parts, full]) => {
    const joined = parts.join("");
    return full ? `{name}${"y".repeat(MAX_REPLY_LENGTH)}`.slice(0, MAX_REPLY_LENGTH) : joined.slice(0, MAX_REPLY_LENGTH);
  })
  .filter((template) => replyText.safeParse(template).success)
  .map((template) => replyText.parse(template));
const replies: fc.Arbitrary<Replies> = fc.oneof(
  fc.constant({ ...DEFAULT_REPLIES }),
  fc.tuple(...REPLY_KEYS.map(() => replyTemplate)).map((texts) => Object.fromEntries(REPLY_KEYS.map((key, i) => [key, texts[i]!])) as Replies),
);

/** Rules exactly as the settings form would store them (validated and normalised by ruleInput). */
const rule = fc
  .record({ keyword: messageText(20), match: fc.constantFrom("exact", "starts_with"), reply: replyTemplate, priority: fc.integer({ min: -1000, max: 1000 }), enabled: fc.constant(true) })
  .map((input) => ruleInput.safeParse(input))
  .filter((parsed) => parsed.success)
  .map((parsed) => parsed.data!);
const rules = fc.array(rule, { maxLength: 6 }).map((list) => [...list].sort((a, b) => b.priority - a.priority));
const config: fc.Arbitrary<RoutingConfig> = fc.record({ replies, rules });
const sender = fc.record({ profileName, optedOut: fc.boolean(), decidesApprovals: fc.boolean() });

describe("routeCommand under fuzzing", () => {
  it("always answers with a known command and a reply Twilio will send, never throwing", () => {
    fc.assert(fc.property(messageText(200), sender, config, (body, who, routing) => {
      const routed = routeCommand(body, who, routing);
      expect(routed.command).toBe(classify(body, routing.rules));
      if (routed.command.startsWith("RULE:")) expect(routing.rules.map((r) => `RULE:${r.keyword}`)).toContain(routed.command);
      else expect(BUILT_IN.has(routed.command)).toBe(true);
      if (routed.reply === null) expect(routed).toMatchObject({ command: "STOP", effect: null });
      else {
        expect(routed.reply.length).toBeGreaterThan(0);
        expect(routed.reply.length).toBeLessThanOrEqual(MAX_REPLY_LENGTH);
        expect(routed.reply.isWellFormed()).toBe(true);
      }
      if (routed.effect === "opt_out") expect(routed.command).toBe("STOP");
      if (routed.effect === "opt_in") expect(routed.command).toBe("START");
    }), { numRuns: RUNS.anyBody });
  });

  it("lets no rule swallow STOP, START, ACK, APPROVE or REJECT, however it is written", () => {
    const word = fc.tuple(fc.constantFrom("stop", "start", "ack", "approve", "reject"), fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }), fc.boolean())
      .map(([w, upper, wide]) => {
        const cased = [...w].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join("");
        // Full-width letters normalise to ASCII under NFKC, as WhatsApp keyboards sometimes send them.
        return wide ? [...cased].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join("") : cased;
      });
    const around = fc.constantFrom("", " ", "  \t", "\n", "\u00a0", "!", ".", "...", "*", "¡");
    fc.assert(fc.property(word, around, around, messageText(30), sender, config, (w, before, after, rest, who, routing) => {
      const body = `${before}${w}${after} ${rest}`;
      const routed = routeCommand(body, who, routing);
      expect(routed.command).toBe(w.normalize("NFKC").toUpperCase());
    }), { numRuns: RUNS.reservedWords });
  });

  it("runs the highest-priority rule a keyword matches, whatever case and spacing it arrives in", () => {
    fc.assert(fc.property(rules.filter((list) => list.length > 0), fc.nat(), fc.constantFrom("", "!", "?", "."), fc.boolean(), (list, pick, punctuation, lower) => {
      const target = list[pick % list.length]!;
      const typed = `  ${lower ? target.keyword.toLowerCase() : target.keyword}${punctuation} `;
      // Lower-casing can change the text NFKC and upper-casing bring back (e.g. "İ"); only test the round trips.
      fc.pre(normalizeKeyword(typed) === target.keyword);
      const command = classify(typed, list);
      expect(command.startsWith("RULE:")).toBe(true);
      const chosen = list.findIndex((r) => `RULE:${r.keyword}` === command);
      expect(chosen).toBeGreaterThanOrEqual(0);
      expect(chosen).toBeLessThanOrEqual(list.indexOf(target));
    }), { numRuns: RUNS.rules });
  });

  it("fills {name} with the sender's name verbatim, or 'there', within Twilio's limit", () => {
    fc.assert(fc.property(replyTemplate, profileName, (template, name) => {
      const filled = fillTemplate(template, { name });
      const expected = template.split("{name}").join(name?.trim() || "there");
      expect(filled.length).toBeLessThanOrEqual(MAX_REPLY_LENGTH);
      expect(expected.startsWith(filled)).toBe(true);
      if (expected.length <= MAX_REPLY_LENGTH) expect(filled).toBe(expected);
    }), { numRuns: RUNS.nameTemplates });
  });
});
