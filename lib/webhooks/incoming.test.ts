import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findContactByPhone, setBlocked } from "@/db/queries/contacts";
import { tempDb, type TempDb } from "@/tests/support/db";
import { inboundParams, messageSid } from "@/tests/support/twilio-fixtures";
import { DEFAULT_REPLIES } from "@/lib/commands/replies";
import type { RoutingConfig } from "@/lib/commands/router";
import { readInbound } from "@/lib/twilio/inbound";
import { receiveMessage } from "./incoming";

let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.close());

const settings = { incomingEnabled: true, dailyLimit: 50, cooldownSeconds: 0, replies: { ...DEFAULT_REPLIES } };
const config: { settings: typeof settings; rules: RoutingConfig["rules"] } = { settings, rules: [] };
const start = new Date("2026-05-01T09:00:00Z");
const later = (seconds: number) => new Date(start.getTime() + seconds * 1000);
const receive = (overrides: Parameters<typeof inboundParams>[0], options: { config?: typeof config; at?: Date } = {}) =>
  receiveMessage(t.db, readInbound(inboundParams(overrides)), options.config ?? config, options.at ?? start);
const count = (table: string) => (t.db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

describe("receiveMessage", () => {
  it("stores the message with its command, upserts the contact, and stores the reply linked to it", () => {
    const outcome = receive({ Body: "  help " });
    expect(outcome.duplicate).toBe(false);
    expect(outcome.message).toMatchObject({ direction: "inbound", fromAddress: "whatsapp:+919812345678", toAddress: "whatsapp:+14155238886", body: "  help ", command: "HELP", status: "received", flag: null, profileName: "Asha", waId: "919812345678" });
    expect(outcome.reply).toMatchObject({ direction: "outbound", body: DEFAULT_REPLIES.help.replace("\n{approvals}\n{keywords}", ""), replyToId: outcome.message.id, status: "queued", toAddress: "whatsapp:+919812345678" });
    const contact = findContactByPhone(t.db, "+919812345678");
    expect(contact).toMatchObject({ profileName: "Asha", waId: "919812345678", inboundDayCount: 1 });
    expect(contact?.lastInboundAt).toEqual(start);
  });

  it("stores a replayed MessageSid once and returns the identical reply without side effects", () => {
    const sid = messageSid();
    const first = receive({ MessageSid: sid, Body: "STOP" });
    const replay = receive({ MessageSid: sid, Body: "STOP" }, { at: later(30) });
    expect(replay.duplicate).toBe(true);
    expect(replay.message.id).toBe(first.message.id);
    expect(replay.reply?.id).toBe(first.reply?.id);
    expect(replay.reply?.body).toBe(DEFAULT_REPLIES.stop);
    expect(count("messages")).toBe(2);
    expect(findContactByPhone(t.db, "+919812345678")).toMatchObject({ inboundDayCount: 1, optedOut: true });
  });

  it("with incoming disabled still stores the message, flagged, and answers or runs nothing but an opt-out", () => {
    const disabled = { config: { ...config, settings: { ...settings, incomingEnabled: false } } };
    const status = receive({ Body: "STATUS" }, disabled);
    expect(status).toMatchObject({ reply: null, message: { flag: "disabled", command: "STATUS" } });
    expect(findContactByPhone(t.db, "+919812345678")?.lastAutoReplyAt).toBeNull();
    // STOP is the sender's right: recorded, unanswered, while replies are switched off.
    const stop = receive({ Body: "STOP" }, { ...disabled, at: later(1) });
    expect(stop).toMatchObject({ reply: null, message: { flag: "disabled", command: "STOP" } });
    expect(findContactByPhone(t.db, "+919812345678")?.optedOut).toBe(true);
    receive({ Body: "start" }, { ...disabled, at: later(2) });
    expect(findContactByPhone(t.db, "+919812345678")?.optedOut).toBe(false);
    expect(count("messages")).toBe(3);
  });

  it("stores and flags a blocked number's message with no reply, but its STOP and START still count", () => {
    setBlocked(t.db, "+919812345678", true, start);
    expect(receive({ Body: "status" })).toMatchObject({ reply: null, message: { flag: "blocked" } });
    // Unblocked later, someone who sent STOP must not be messaged as if subscribed.
    expect(receive({ Body: "STOP" }, { at: later(1) })).toMatchObject({ reply: null, message: { flag: "blocked", command: "STOP" } });
    expect(findContactByPhone(t.db, "+919812345678")?.optedOut).toBe(true);
    expect(receive({ Body: "start" }, { at: later(2) })).toMatchObject({ reply: null, message: { flag: "blocked" } });
    expect(findContactByPhone(t.db, "+919812345678")?.optedOut).toBe(false);
  });

  it("flags messages over the daily limit and starts counting again the next UTC day", () => {
    const limited = { ...config, settings: { ...settings, dailyLimit: 2 } };
    expect(receive({ Body: "hi" }, { config: limited }).reply).not.toBeNull();
    expect(receive({ Body: "hi" }, { config: limited, at: later(1) }).reply).not.toBeNull();
    expect(receive({ Body: "status" }, { config: limited, at: later(2) })).toMatchObject({ reply: null, message: { flag: "rate_limited" } });
    // Over the limit: no reply, but an opt-out is the sender's right and is recorded all the same.
    const stop = receive({ Body: "STOP" }, { config: limited, at: later(3) });
    expect(stop).toMatchObject({ reply: null, message: { flag: "rate_limited", command: "STOP" } });
    expect(findContactByPhone(t.db, "+919812345678")?.optedOut).toBe(true);
    const tomorrow = receive({ Body: "START" }, { config: limited, at: new Date("2026-05-02T00:00:01Z") });
    expect(tomorrow.reply).not.toBeNull();
    expect(findContactByPhone(t.db, "+919812345678")?.optedOut).toBe(false);
    expect(findContactByPhone(t.db, "+919812345678")?.inboundDayCount).toBe(1);
  });

  it("holds back auto-replies inside the cooldown, but never an action such as an opt-out or ACK", () => {
    const cooling = { ...config, settings: { ...settings, cooldownSeconds: 2 } };
    expect(receive({ Body: "hi" }, { config: cooling }).reply).not.toBeNull();
    expect(receive({ Body: "hi" }, { config: cooling, at: later(1) })).toMatchObject({ reply: null, message: { flag: "cooldown" } });
    expect(receive({ Body: "ACK" }, { config: cooling, at: later(1.2) }).reply?.body).toBe("Phone number not registered. Please contact HR.");
    const stop = receive({ Body: "stop" }, { config: cooling, at: later(1.5) });
    expect(stop.reply?.body).toBe(DEFAULT_REPLIES.stop);
    expect(findContactByPhone(t.db, "+919812345678")?.optedOut).toBe(true);
  });

  it("inside the cooldown still answers a command that asks for something, right after a greeting or another command", () => {
    const cooling = { ...config, settings: { ...settings, cooldownSeconds: 2 } };
    expect(receive({ Body: "hi" }, { config: cooling }).reply?.body).toMatch(/^Hello Asha!/);
    const help = receive({ Body: "HELP" }, { config: cooling, at: later(0.5) });
    expect(help).toMatchObject({ message: { flag: null, command: "HELP" }, reply: { body: DEFAULT_REPLIES.help.replace("\n{approvals}\n{keywords}", "") } });
    for (const [body, at] of [["STATUS", 1], ["pending", 1.2], ["NISM", 1.4], ["menu", 1.6]] as const) {
      expect(receive({ Body: body }, { config: cooling, at: later(at) })).toMatchObject({ message: { flag: null }, reply: { direction: "outbound" } });
    }
  });

  it("inside the cooldown holds back a second unrecognised text or greeting, stored and flagged", () => {
    const cooling = { ...config, settings: { ...settings, cooldownSeconds: 2 } };
    expect(receive({ Body: "where is my form" }, { config: cooling }).reply?.body).toBe(DEFAULT_REPLIES.fallback);
    expect(receive({ Body: "did you get it?" }, { config: cooling, at: later(1) })).toMatchObject({ reply: null, message: { flag: "cooldown", command: "OTHER" } });
    expect(receive({ Body: "hey" }, { config: cooling, at: later(1.5) })).toMatchObject({ reply: null, message: { flag: "cooldown", command: "HI" } });
    // The cooldown runs from the last reply sent, so once it has passed small talk is answered again.
    expect(receive({ Body: "thanks" }, { config: cooling, at: later(2.5) }).reply?.body).toBe(DEFAULT_REPLIES.fallback);
    expect(count("messages")).toBe(6);
  });

  it("inside the cooldown holds back a keyword rule's fixed reply, so a rule cannot ping-pong with another bot", () => {
    const rules: RoutingConfig["rules"] = [{ keyword: "THANKS", match: "starts_with", reply: "You're welcome!", priority: 0 }];
    const cooling = { settings: { ...settings, cooldownSeconds: 2 }, rules };
    expect(receive({ Body: "thanks a lot" }, { config: cooling })).toMatchObject({ reply: { body: "You're welcome!" } });
    expect(receive({ Body: "thanks again" }, { config: cooling, at: later(1) })).toMatchObject({ reply: null, message: { flag: "cooldown", command: "RULE:THANKS" } });
    // A question about one's records is still answered a second later.
    expect(receive({ Body: "help" }, { config: cooling, at: later(1.5) }).reply).not.toBeNull();
  });

  it("over the daily limit answers no command at all, however it is asked", () => {
    const limited = { ...config, settings: { ...settings, dailyLimit: 1, cooldownSeconds: 2 } };
    expect(receive({ Body: "hi" }, { config: limited }).reply).not.toBeNull();
    for (const body of ["HELP", "STATUS", "ACK", "where is my form"]) {
      expect(receive({ Body: body }, { config: limited, at: later(5) })).toMatchObject({ reply: null, message: { flag: "rate_limited" } });
    }
  });

  it("after STOP answers nothing but START, which opts back in", () => {
    receive({ Body: "STOP" });
    expect(receive({ Body: "help" }, { at: later(5) })).toMatchObject({ reply: null, message: { flag: "opted_out" } });
    expect(receive({ Body: "stop" }, { at: later(6) })).toMatchObject({ reply: null, message: { flag: "opted_out" } });
    const start = receive({ Body: "START" }, { at: later(7) });
    expect(start.reply?.body).toBe(DEFAULT_REPLIES.start);
    expect(findContactByPhone(t.db, "+919812345678")).toMatchObject({ optedOut: false, optedOutAt: null });
  });

  it("keeps media, location, button and reply context", () => {
    const outcome = receive({
      MessageSid: messageSid("MM"), Body: "", NumMedia: "1", MediaUrl0: "https://api.twilio.com/m/1", MediaContentType0: "image/png",
      Latitude: "12.5", Longitude: "77.6", Address: "Bengaluru", ButtonPayload: "yes", OriginalRepliedMessageSid: messageSid(),
    });
    expect(outcome.message).toMatchObject({ numMedia: 1, media: [{ url: "https://api.twilio.com/m/1", contentType: "image/png" }], latitude: 12.5, longitude: 77.6, address: "Bengaluru", buttonPayload: "yes" });
    expect(outcome.message.extra).toEqual({ ReferralNumMedia: "0" });
  });
});
