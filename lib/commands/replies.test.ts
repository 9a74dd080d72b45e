import { describe, expect, it } from "vitest";
import { refusalOf } from "@/lib/forms/refusal";
import { DEFAULT_REPLIES, fillAnswer, MAX_REPLY_LENGTH, REPLY_KEYS, repliesInput, repliesRefusal, unknownPlaceholder } from "./replies";

const refusalFor = (texts: Record<string, string>) => {
  const parsed = repliesInput.safeParse({ ...DEFAULT_REPLIES, ...texts });
  return parsed.success ? null : refusalOf(parsed.error);
};

describe("saving auto-replies", () => {
  it("accepts the defaults, and braces that are no placeholder", () => {
    expect(refusalFor({})).toBeNull();
    expect(refusalFor({ fallback: "Use { } or {1} or {} freely." })).toBeNull();
  });

  it("refuses a placeholder the text cannot use, naming the field and what it can use", () => {
    expect(refusalFor({ rejected: "Rejected #{id}: {reasn}" })).toEqual({
      field: "rejected",
      error: "“REJECT confirmation” cannot use {reasn}; it can use {name}, {id}, {title}, {reference} or {reason}.",
    });
    // Known to another text is not enough: APPROVE has no reason.
    expect(refusalFor({ approved: "Approved {id}: {reason}" })).toEqual({ field: "approved", error: "“APPROVE confirmation” cannot use {reason}; it can use {name}, {id}, {title} or {reference}." });
    expect(refusalFor({ ackCampaign: "Thanks {name} for {certificate}" })?.field).toBe("ackCampaign");
    expect(refusalFor({ welcome: "Hello {Name}" })).toEqual({ field: "welcome", error: "“Welcome (HI, HELLO, HEY)” cannot use {Name}; it can use {name}." });
    expect(refusalFor({ welcome: "Hello {keywords}" })?.field).toBe("welcome");
    expect(refusalFor({ help: "Ask, {name}:\n{keywords}" })).toBeNull();
    expect(refusalFor({ help: "Ask, {name}:\n{approvals}\n{keywords}" })).toBeNull();
    expect(refusalFor({ fallback: "Reply HELP. {approvals}" })?.field).toBe("fallback");
  });

  it("finds only unknown placeholders", () => {
    for (const key of REPLY_KEYS) expect(unknownPlaceholder(key, DEFAULT_REPLIES[key])).toBeNull();
    expect(unknownPlaceholder("ackExpiry", "{certificate} on {date}, {name} {when}")).toBe("{when}");
    expect(unknownPlaceholder("statusClear", "{constructor} {toString}")).toBe("{constructor}");
  });
});

describe("a refused save", () => {
  it("marks the first field at fault and names the others, so one save shows every fix", () => {
    const parsed = repliesInput.safeParse({ ...DEFAULT_REPLIES, ackCampaign: "Thanks {date}", approved: "Approved {reason}", welcome: "" });
    if (parsed.success) throw new Error("expected a refusal");
    const refusal = repliesRefusal(parsed.error);
    expect(refusal.field).toBe("welcome");
    expect(refusal.error).toBe("A reply cannot be empty. Also check “ACK recorded, campaign reminder”, “APPROVE confirmation”.");
  });
});

describe("saved line breaks", () => {
  it("are stored as typed, not as the CRLF a browser submits", () => {
    const parsed = repliesInput.parse({ ...DEFAULT_REPLIES, help: "Commands:\r\nSTATUS\r\nHELP\r\n{keywords}" });
    expect(parsed.help).toBe("Commands:\nSTATUS\nHELP\n{keywords}");
    // A text at the limit in the browser is within it here too.
    expect(repliesInput.safeParse({ ...DEFAULT_REPLIES, fallback: "x\r\n".repeat(800).trim() }).success).toBe(true);
  });
});

describe("fillAnswer", () => {
  it("fills every placeholder in one pass, values as typed", () => {
    expect(fillAnswer("{name}: {reason} ({id})", { name: "{reason} $&", reason: "$' {name} {id}", id: "7" })).toBe("{reason} $&: $' {name} {id} (7)");
    expect(fillAnswer("{name} {toString} {other}", { name: "A" })).toBe("A {toString} {other}");
  });

  it("stays within Twilio's limit", () => {
    const filled = fillAnswer(`{name} ${"x".repeat(MAX_REPLY_LENGTH - 7)}`, { name: "🙂".repeat(300) });
    expect(filled.length).toBeLessThanOrEqual(MAX_REPLY_LENGTH);
    expect(filled.isWellFormed()).toBe(true);
  });
});
