import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { campaignProgress, findCampaign, recipientsOf, roundsProgress } from "@/db/queries/campaigns";
import { applyMigrations, inTransaction } from "@/db/client";
import { insertUser } from "@/db/queries/users";
import { upsertContactOnInbound } from "@/db/queries/contacts";
import { findEmployeeByPhone, insertEmployee, updateEmployee } from "@/db/queries/employees";
import { tempDb, tempDbAt, type TempDb } from "@/tests/support/db";
import { findContactByPhone, setBlocked, setOptedOut } from "@/db/queries/contacts";
import { campaignInput, chosenTemplate, createCampaign, lastRoundOf, previewAudience, previewFingerprint, remindAgain, remindAgainRecipients, sendPreviewedCampaign, type CampaignInput } from "./campaigns";

let t: TempDb;
const now = new Date("2026-11-25T10:00:00Z");
const HOUR = 3_600_000;
const admin = { id: null, label: "admin@example.com" };
const FROM = "whatsapp:+14155238886";

beforeEach(() => {
  t = tempDb();
  for (const [name, code, phone] of [["Asha", "E1", "+919800000001"], ["Ravi", "E2", "+919800000002"]] as const) {
    insertEmployee(t.db, { name, employeeCode: code, phone, department: "Equity", managerId: null, approver: false, active: true }, now);
    upsertContactOnInbound(t.db, { phone, channel: "whatsapp", profileName: name, waId: null, at: new Date(now.getTime() - HOUR), day: "2026-11-25" });
  }
});
afterEach(() => t.close());

/** The preview as the form shows it (a refusal fails the test). */
function previewOf(input: Pick<CampaignInput, "audience" | "body" | "contentSid">, at = now) {
  const result = previewAudience(t.db, input, at);
  if (!result.ok) throw new Error(result.error);
  return result.preview;
}

describe("a campaign nobody can receive", () => {
  it("is refused even with a matching preview, and nothing is created", () => {
    for (const phone of ["+919800000001", "+919800000002"]) setOptedOut(t.db, findContactByPhone(t.db, phone)!.id, true, now);
    const input: CampaignInput = { name: "Nobody", body: "Hi {name}", contentSid: null, audience: { kind: "everyone" } };
    const preview = previewOf(input);
    expect(preview).toMatchObject({ total: 2, willReceive: 0 });
    expect(sendPreviewedCampaign(t.db, admin, input, preview.fingerprint, FROM, now)).toMatchObject({ sent: false, reason: "Nobody in this audience can receive it now, so nothing was sent." });
    expect(t.db.$client.prepare("select count(*) as n from campaigns").get()).toEqual({ n: 0 });
  });
});

describe("campaign progress", () => {
  it("counts a scheduled message as on its way, a canceled one as failed, and a purged one as off the record", () => {
    const campaign = createCampaign(t.db, admin, { name: "Q4", body: "Hi {name}", contentSid: null, audience: { kind: "everyone" } }, FROM, now);
    const [asha, ravi] = recipientsOf(t.db, campaign.id);
    t.db.$client.prepare("update messages set status = 'scheduled' where id = ?").run(asha!.messageId);
    expect(campaignProgress(t.db, campaign.id)).toMatchObject({ queued: 2, failed: 0, offRecord: 0 });
    t.db.$client.prepare("update messages set status = 'canceled' where id = ?").run(asha!.messageId);
    t.db.$client.prepare("delete from outbound_jobs where message_id = ?").run(ravi!.messageId);
    t.db.$client.prepare("delete from messages where id = ?").run(ravi!.messageId);
    expect(campaignProgress(t.db, campaign.id)).toMatchObject({ queued: 0, failed: 1, offRecord: 1 });
  });
});

describe("remind again", () => {
  it("leaves out whoever the send queue would refuse now, even though their last message was sent, and keeps their earlier message and its delivery", () => {
    const campaign = createCampaign(t.db, admin, { name: "Q4 declaration", body: "Hi {name}, please file.", contentSid: null, audience: { kind: "everyone" } }, FROM, now);
    const before = new Map(recipientsOf(t.db, campaign.id).map((row) => [row.employee.name, row.messageId]));
    // A day later Ravi wrote again (his window is open); Asha's closed.
    const later = new Date(now.getTime() + 30 * HOUR);
    upsertContactOnInbound(t.db, { phone: "+919800000002", channel: "whatsapp", profileName: "Ravi", waId: null, at: new Date(later.getTime() - HOUR), day: "2026-11-26" });
    const outbound = () => Number(t.db.$client.prepare("select count(*) from messages where direction = 'outbound'").pluck().get());
    const sent = outbound();

    // The button's count is who it sends to: Ravi only.
    expect(remindAgainRecipients(t.db, campaign, recipientsOf(t.db, campaign.id), later).map((row) => row.employee.name)).toEqual(["Ravi"]);
    expect(remindAgain(t.db, admin, { campaignId: campaign.id, confirmedRound: null, from: FROM }, later)).toEqual({ ok: true, reminded: 1, refused: 0, refusal: null });
    // No refused message stored for Asha: she was not asked.
    expect(outbound()).toBe(sent + 1);
    const after = new Map(recipientsOf(t.db, campaign.id).map((row) => [row.employee.name, row]));
    expect(after.get("Asha")).toMatchObject({ messageId: before.get("Asha"), reminders: 1, status: "queued" });
    expect(after.get("Ravi")!.messageId).not.toBe(before.get("Ravi"));
    expect(after.get("Ravi")!.reminders).toBe(2);
  });
});

describe("the audience preview", () => {
  const OUTSIDE = "Outside the 24-hour window: WhatsApp only allows an approved template until they write again.";
  const add = (name: string, code: string, phone: string) => insertEmployee(t.db, { name, employeeCode: code, phone, department: "Equity", managerId: null, approver: false, active: true }, now);

  it("counts who the send queue would refuse for this content, apart from the opted out", () => {
    add("Meera", "E3", "+919800000003"); // never wrote: no window
    add("Omar", "E4", "+919800000004");
    upsertContactOnInbound(t.db, { phone: "+919800000004", channel: "whatsapp", profileName: "Omar", waId: null, at: new Date(now.getTime() - HOUR), day: "2026-11-25" });
    setOptedOut(t.db, upsertContactOnInbound(t.db, { phone: "+919800000001", channel: "whatsapp", profileName: "Asha", waId: null, at: now, day: "2026-11-25" }).id, true, now);
    setBlocked(t.db, "+919800000004", true, now);
    const everyone = { kind: "everyone" } as const;

    expect(previewOf({ audience: everyone, body: "Hi {name}", contentSid: null })).toEqual({ total: 4, optedOut: 1, refused: 2, refusal: OUTSIDE, willReceive: 1, variables: null, fingerprint: expect.stringMatching(/^1\./) });
    // A template may go outside the window; the block still holds.
    expect(previewOf({ audience: everyone, body: "", contentSid: `HX${"a".repeat(32)}` })).toMatchObject({ total: 4, optedOut: 1, refused: 1, willReceive: 2 });
    // Those the preview counts as refused are the ones the campaign's sends are refused for.
    const campaign = createCampaign(t.db, admin, { name: "Check", body: "Hi {name}", contentSid: null, audience: everyone }, FROM, now);
    expect(recipientsOf(t.db, campaign.id).filter((row) => row.status === "refused")).toHaveLength(2);
  });
});

describe("sending what was previewed", () => {
  const input: CampaignInput = { name: "Q4 declaration", body: "Hi {name}, please file.", contentSid: null, audience: { kind: "everyone" } };
  const count = (table: string) => t.db.$client.prepare(`select count(*) from ${table}`).pluck().get();
  const later = new Date(now.getTime() + 60_000);
  /** A new employee who wrote an hour ago: free text reaches them. */
  const addReachable = (name: string, code: string, phone: string) => {
    insertEmployee(t.db, { name, employeeCode: code, phone, department: "Equity", managerId: null, approver: false, active: true }, now);
    upsertContactOnInbound(t.db, { phone, channel: "whatsapp", profileName: name, waId: null, at: new Date(now.getTime() - HOUR), day: "2026-11-25" });
  };
  const optOut = (phone: string) => setOptedOut(t.db, upsertContactOnInbound(t.db, { phone, channel: "whatsapp", profileName: null, waId: null, at: later, day: "2026-11-25" }).id, true, later);
  const expectNothingSent = () => {
    expect(count("campaigns")).toBe(0);
    expect(count("campaign_recipients")).toBe(0);
    expect(count("outbound_jobs")).toBe(0);
    expect(count("messages where direction = 'outbound'")).toBe(0);
  };

  it("sends when the people who will receive it are the ones previewed", () => {
    const { fingerprint } = previewOf(input);
    const result = sendPreviewedCampaign(t.db, admin, input, fingerprint, FROM, later);
    expect(result.sent).toBe(true);
    expect(count("campaign_recipients")).toBe(2);
    expect(count("outbound_jobs where state = 'pending'")).toBe(2);
  });

  it("refuses, creating and queueing nothing, when someone who will receive it was added since the preview", () => {
    const { fingerprint } = previewOf(input);
    addReachable("Meera", "E3", "+919800000003");
    const result = sendPreviewedCampaign(t.db, admin, input, fingerprint, FROM, later);
    expect(result).toEqual({
      sent: false,
      reason: "The audience changed since your preview: 3 will now receive it (was 2). Check the new preview and send again.",
      preview: { total: 3, optedOut: 0, refused: 0, refusal: null, willReceive: 3, variables: null, fingerprint: expect.stringMatching(/^3\./) },
    });
    expectNothingSent();
    // The new preview it answered with is what the next Send confirms.
    if (result.sent || !("preview" in result)) throw new Error("sent");
    expect(sendPreviewedCampaign(t.db, admin, input, result.preview.fingerprint, FROM, later).sent).toBe(true);
    expect(count("outbound_jobs where state = 'pending'")).toBe(3);
  });

  it("refuses, creating and queueing nothing, when someone previewed opted out since", () => {
    const { fingerprint } = previewOf(input);
    optOut("+919800000002");
    const result = sendPreviewedCampaign(t.db, admin, input, fingerprint, FROM, later);
    expect(result).toMatchObject({ sent: false, reason: "The audience changed since your preview: 1 will now receive it (was 2). Check the new preview and send again.", preview: { total: 2, optedOut: 1, willReceive: 1 } });
    expectNothingSent();
  });

  it("says so when nobody is left to receive it, and does not ask to send again", () => {
    const { fingerprint } = previewOf(input);
    optOut("+919800000001");
    optOut("+919800000002");
    expect(sendPreviewedCampaign(t.db, admin, input, fingerprint, FROM, later)).toMatchObject({ sent: false, reason: "The audience changed since your preview: nobody will receive it now (was 2). Check the new preview.", preview: { willReceive: 0 } });
    expectNothingSent();
  });

  it("compares who, not how many: one added and one opted out is refused", () => {
    const { fingerprint } = previewOf(input);
    addReachable("Meera", "E3", "+919800000003");
    optOut("+919800000001");
    expect(sendPreviewedCampaign(t.db, admin, input, fingerprint, FROM, later)).toMatchObject({ sent: false, reason: "The audience changed since your preview: 2 will still receive it, but not the same people. Check the new preview and send again." });
    expectNothingSent();
  });

  it("refuses when a previewed person's number changed, since the message would go to another phone", () => {
    const { fingerprint } = previewOf(input);
    updateEmployee(t.db, findEmployeeByPhone(t.db, "+919800000002")!.id, { phone: "+919800000009" }, now);
    upsertContactOnInbound(t.db, { phone: "+919800000009", channel: "whatsapp", profileName: "Ravi", waId: null, at: now, day: "2026-11-25" });
    expect(sendPreviewedCampaign(t.db, admin, input, fingerprint, FROM, later)).toMatchObject({ sent: false, preview: { willReceive: 2 } });
    expectNothingSent();
  });

  it("refuses when the preview was of other content: a template reaches people free text does not", () => {
    const { fingerprint } = previewOf(input);
    const template = { ...input, body: "", contentSid: `HX${"a".repeat(32)}` };
    expect(sendPreviewedCampaign(t.db, admin, template, fingerprint, FROM, later)).toMatchObject({ sent: false });
    expectNothingSent();
  });

  it("still sends when the one added since cannot receive it either way (free text, no open window)", () => {
    const { fingerprint } = previewOf(input);
    insertEmployee(t.db, { name: "Meera", employeeCode: "E3", phone: "+919800000003", department: "Equity", managerId: null, approver: false, active: true }, now);
    expect(sendPreviewedCampaign(t.db, admin, input, fingerprint, FROM, later).sent).toBe(true);
    expect(count("outbound_jobs where state = 'pending'")).toBe(2);
  });

  it("refuses a Send without a preview, answering with one", () => {
    expect(sendPreviewedCampaign(t.db, admin, input, null, FROM, later)).toMatchObject({
      sent: false,
      reason: "Preview the recipients before sending: 2 will receive it. Check the preview and send again.",
      preview: { total: 2, willReceive: 2 },
    });
    expectNothingSent();
  });

  it("reads a missing fingerprint as none and refuses a malformed one at the boundary", () => {
    expect(previewFingerprint.parse("")).toBeNull();
    expect(previewFingerprint.parse("  ")).toBeNull();
    const { fingerprint } = previewOf(input);
    expect(previewFingerprint.parse(fingerprint)).toBe(fingerprint);
    expect(previewFingerprint.safeParse("2.not-a-hash").success).toBe(false);
    expect(previewFingerprint.safeParse(`${fingerprint}0`).success).toBe(false);
  });
});

describe("a message {name} takes past Twilio's 1,600 characters", () => {
  // 1,600 as typed: "Hi {name}, " is 11 characters.
  const long: CampaignInput = { name: "Long", body: `Hi {name}, ${"x".repeat(1589)}`, contentSid: null, audience: { kind: "everyone" } };
  const addLongName = (name: string, code: string, phone: string) => {
    insertEmployee(t.db, { name, employeeCode: code, phone, department: "Equity", managerId: null, approver: false, active: true }, now);
    upsertContactOnInbound(t.db, { phone, channel: "whatsapp", profileName: name, waId: null, at: new Date(now.getTime() - HOUR), day: "2026-11-25" });
  };

  it("passes the typed-length check, and is refused on the message field by the preview and by Send, naming how many and by how much", () => {
    expect(campaignInput.safeParse({ ...long, contentSid: "" }).success).toBe(true);
    addLongName("Anita Rao-Deshpande", "E3", "+919800000003");
    addLongName("Anil Rao", "E4", "+919800000004");
    // "Hi Anil Rao, " fills to 1,602; "Hi Anita Rao-Deshpande, " to 1,613; Asha and Ravi fit.
    const error =
      "With {name} filled in, 2 recipients' messages would be over WhatsApp's 1,600 characters. " +
      "With the longest name (Anita Rao-Deshpande) the message is 1,613 characters: 13 over WhatsApp's 1,600. Shorten the message.";
    expect(previewAudience(t.db, long, now)).toEqual({ ok: false, field: "body", error });
    expect(sendPreviewedCampaign(t.db, admin, long, null, FROM, now)).toEqual({ sent: false, field: "body", reason: error });
    expect(t.db.$client.prepare("select count(*) from messages where direction = 'outbound'").pluck().get()).toBe(0);
  });

  it("refuses a Send whose preview fitted when a name was lengthened since", () => {
    const { fingerprint } = previewOf(long);
    updateEmployee(t.db, findEmployeeByPhone(t.db, "+919800000002")!.id, { name: "Ravi Shankar Subramaniam" }, now);
    expect(sendPreviewedCampaign(t.db, admin, long, fingerprint, FROM, now)).toMatchObject({ sent: false, field: "body", reason: expect.stringContaining("1 recipient's message would be over") });
    expect(t.db.$client.prepare("select count(*) from campaigns").pluck().get()).toBe(0);
  });

  it("leaves out those it skips (opted out) and templates, whose text Twilio fills", () => {
    addLongName("Anita Rao-Deshpande", "E3", "+919800000003");
    setOptedOut(t.db, findContactByPhone(t.db, "+919800000003")!.id, true, now);
    expect(previewOf(long)).toMatchObject({ willReceive: 2, optedOut: 1 });
    setOptedOut(t.db, findContactByPhone(t.db, "+919800000003")!.id, false, now);
    expect(previewOf({ ...long, contentSid: `HX${"a".repeat(32)}` })).toMatchObject({ willReceive: 3 });
  });

  it("Remind again does not send to someone whose name, edited since, takes it past the limit", () => {
    const campaign = createCampaign(t.db, admin, long, FROM, now);
    updateEmployee(t.db, findEmployeeByPhone(t.db, "+919800000002")!.id, { name: "Ravi Shankar Subramaniam" }, now);
    const later = new Date(now.getTime() + 2 * HOUR);
    upsertContactOnInbound(t.db, { phone: "+919800000001", channel: "whatsapp", profileName: "Asha", waId: null, at: later, day: "2026-11-25" });
    upsertContactOnInbound(t.db, { phone: "+919800000002", channel: "whatsapp", profileName: "Ravi", waId: null, at: later, day: "2026-11-25" });
    const outbound = () => t.db.$client.prepare("select count(*) from messages where direction = 'outbound'").pluck().get();
    const before = outbound();
    expect(remindAgain(t.db, admin, { campaignId: campaign.id, confirmedRound: null, from: FROM }, later)).toEqual({
      ok: true,
      reminded: 1,
      refused: 1,
      refusal: "With Ravi Shankar Subramaniam's name the message is 1,618 characters: 18 over WhatsApp's 1,600.",
    });
    expect(outbound()).toBe(Number(before) + 1);
  });
});

describe("recipients the campaign could not send to", () => {
  const OUTSIDE = "Outside the 24-hour window: WhatsApp only allows an approved template until they write again.";
  const input: CampaignInput = { name: "Window", body: "Hi {name}, reply ACK.", contentSid: null, audience: { kind: "everyone" } };
  // Meera never wrote: free text to her is refused, never sent.
  const addMeera = () => insertEmployee(t.db, { name: "Meera", employeeCode: "E3", phone: "+919800000003", department: "Equity", managerId: null, approver: false, active: true }, now);

  it("are counted as not sent, apart from delivery failures", () => {
    addMeera();
    const campaign = createCampaign(t.db, admin, input, FROM, now);
    const ravi = recipientsOf(t.db, campaign.id).find((row) => row.employee.name === "Ravi")!;
    t.db.$client.prepare("update messages set status = 'undelivered', error_code = 30003 where id = ?").run(ravi.messageId);
    expect(campaignProgress(t.db, campaign.id)).toMatchObject({ total: 3, queued: 1, failed: 1, refused: 1 });
    expect(recipientsOf(t.db, campaign.id).find((row) => row.employee.name === "Meera")).toMatchObject({ status: "refused", errorMessage: OUTSIDE });
  });

  it("are left out of Remind again while the reason holds, and included once it no longer does", () => {
    addMeera();
    const campaign = createCampaign(t.db, admin, input, FROM, now);
    const later = new Date(now.getTime() + 2 * HOUR);
    const names = (at: Date) => remindAgainRecipients(t.db, campaign, recipientsOf(t.db, campaign.id), at).map((row) => row.employee.name);
    expect(names(later)).toEqual(["Asha", "Ravi"]);
    const outbound = () => Number(t.db.$client.prepare("select count(*) from messages where direction = 'outbound'").pluck().get());
    const before = outbound();
    expect(remindAgain(t.db, admin, { campaignId: campaign.id, confirmedRound: null, from: FROM }, later)).toEqual({ ok: true, reminded: 2, refused: 0, refusal: null });
    // No second refused message for Meera: she was not asked again.
    expect(outbound()).toBe(before + 2);
    // She writes in: her window is open, so the next round includes her.
    upsertContactOnInbound(t.db, { phone: "+919800000003", channel: "whatsapp", profileName: "Meera", waId: null, at: later, day: "2026-11-25" });
    expect(names(later)).toEqual(["Asha", "Meera", "Ravi"]);
  });

  it("a template campaign leaves out a number refused as blocked until it is unblocked", () => {
    setBlocked(t.db, "+919800000002", true, now);
    const campaign = createCampaign(t.db, admin, { ...input, body: "", contentSid: `HX${"b".repeat(32)}` }, FROM, now);
    const names = () => remindAgainRecipients(t.db, campaign, recipientsOf(t.db, campaign.id), now).map((row) => row.employee.name);
    expect(names()).toEqual(["Asha"]);
    setBlocked(t.db, "+919800000002", false, now);
    expect(names()).toEqual(["Asha", "Ravi"]);
  });
});

describe("another Remind again round within the hour", () => {
  const input: CampaignInput = { name: "Guarded", body: "Hi {name}, reply ACK.", contentSid: null, audience: { kind: "everyone" } };
  const outbound = () => Number(t.db.$client.prepare("select count(*) from messages where direction = 'outbound'").pluck().get());

  it("waits for a confirmation after the campaign's own send and after each round, saying when it went out and who sent it", () => {
    const priya = insertUser(t.db, { email: "priya@example.com", name: "Priya", role: "staff", passwordHash: "x", now });
    const omar = insertUser(t.db, { email: "omar@example.com", name: "", role: "staff", passwordHash: "x", now });
    const campaign = createCampaign(t.db, { id: priya.id, label: priya.email }, input, FROM, now);
    const sent = outbound();
    const soon = new Date(now.getTime() + 10 * 60_000);
    const asOmar = { id: omar.id, label: omar.email };
    expect(remindAgain(t.db, asOmar, { campaignId: campaign.id, confirmedRound: null, from: FROM }, soon)).toEqual({
      ok: false,
      recent: { at: now, byUserId: priya.id, by: "Priya", kind: "sent", round: "sent", superseded: false },
    });
    expect(outbound()).toBe(sent);

    expect(remindAgain(t.db, asOmar, { campaignId: campaign.id, confirmedRound: "sent", from: FROM }, soon)).toMatchObject({ ok: true, reminded: 2 });
    expect(findCampaign(t.db, campaign.id)).toMatchObject({ lastRemindedAt: soon, lastRemindedByUserId: omar.id });
    // A second click (or a colleague's at the same time) finds the round just sent.
    expect(remindAgain(t.db, admin, { campaignId: campaign.id, confirmedRound: null, from: FROM }, soon)).toEqual({
      ok: false,
      recent: { at: soon, byUserId: omar.id, by: "omar@example.com", kind: "reminded", round: soon.getTime(), superseded: false },
    });
    expect(outbound()).toBe(sent + 2);
    expect(lastRoundOf(findCampaign(t.db, campaign.id)!)).toEqual({ at: soon, byUserId: omar.id, kind: "reminded" });

    // An hour after the last round, no question.
    expect(remindAgain(t.db, admin, { campaignId: campaign.id, confirmedRound: null, from: FROM }, new Date(soon.getTime() + HOUR))).toMatchObject({ ok: true, reminded: 2 });
  });

  it("sends a confirmed round only while the round it confirmed is still the last one", () => {
    const priya = insertUser(t.db, { email: "priya@example.com", name: "Priya", role: "staff", passwordHash: "x", now });
    const omar = insertUser(t.db, { email: "omar@example.com", name: "Omar", role: "staff", passwordHash: "x", now });
    const asPriya = { id: priya.id, label: priya.email };
    const asOmar = { id: omar.id, label: omar.email };
    const campaign = createCampaign(t.db, admin, input, FROM, now);
    const sent = outbound();
    const soon = new Date(now.getTime() + 10 * 60_000);
    // Both are asked about the campaign's own send.
    const asked = remindAgain(t.db, asPriya, { campaignId: campaign.id, confirmedRound: null, from: FROM }, soon);
    expect(remindAgain(t.db, asOmar, { campaignId: campaign.id, confirmedRound: null, from: FROM }, soon)).toEqual(asked);
    if (asked.ok || !("recent" in asked)) throw new Error("expected the question");
    expect(asked.recent.round).toBe("sent");

    // Priya confirms: one round.
    expect(remindAgain(t.db, asPriya, { campaignId: campaign.id, confirmedRound: asked.recent.round, from: FROM }, soon)).toMatchObject({ ok: true, reminded: 2 });
    expect(outbound()).toBe(sent + 2);
    // Omar confirms the same question a moment later: asked again, about Priya's round, and nothing sent.
    const moment = new Date(soon.getTime() + 5_000);
    const again = remindAgain(t.db, asOmar, { campaignId: campaign.id, confirmedRound: asked.recent.round, from: FROM }, moment);
    expect(again).toEqual({ ok: false, recent: { at: soon, byUserId: priya.id, by: "Priya", kind: "reminded", round: soon.getTime(), superseded: true } });
    expect(outbound()).toBe(sent + 2);
    // Confirming that one sends it.
    expect(remindAgain(t.db, asOmar, { campaignId: campaign.id, confirmedRound: soon.getTime(), from: FROM }, moment)).toMatchObject({ ok: true, reminded: 2 });
    expect(outbound()).toBe(sent + 4);
    // A confirmation of an earlier Remind again round is as stale as one of the send.
    expect(remindAgain(t.db, asPriya, { campaignId: campaign.id, confirmedRound: soon.getTime(), from: FROM }, moment)).toMatchObject({ ok: false, recent: { round: moment.getTime(), superseded: true } });
    expect(outbound()).toBe(sent + 4);
    // A question left open past the hour of the newer round: no question any more, it sends.
    expect(remindAgain(t.db, asPriya, { campaignId: campaign.id, confirmedRound: "sent", from: FROM }, new Date(moment.getTime() + HOUR))).toMatchObject({ ok: true, reminded: 2 });
  });

  it("queues nothing, and says why, when everyone waiting would be refused (a free-text campaign over a day old)", () => {
    const campaign = createCampaign(t.db, admin, input, FROM, now);
    const sent = outbound();
    // Two days on, both windows are closed: every send would be refused.
    const later = new Date(now.getTime() + 48 * HOUR);
    expect(remindAgainRecipients(t.db, campaign, recipientsOf(t.db, campaign.id), later)).toEqual([]);
    const nobody = { ok: false, error: "Nobody can be reminded now: 2 are outside the 24-hour window; use a template campaign." };
    expect(remindAgain(t.db, admin, { campaignId: campaign.id, confirmedRound: null, from: FROM }, later)).toEqual(nobody);
    // Each click the same answer, and no refused messages pile up.
    expect(remindAgain(t.db, admin, { campaignId: campaign.id, confirmedRound: null, from: FROM }, later)).toEqual(nobody);
    expect(outbound()).toBe(sent);
    expect(findCampaign(t.db, campaign.id)).toMatchObject({ lastRemindedAt: null });
    expect(recipientsOf(t.db, campaign.id).map((row) => row.reminders)).toEqual([1, 1]);
    // Ravi blocked, Asha writes in: she alone is reminded.
    setBlocked(t.db, "+919800000002", true, later);
    upsertContactOnInbound(t.db, { phone: "+919800000001", channel: "whatsapp", profileName: "Asha", waId: null, at: later, day: "2026-11-27" });
    expect(remindAgain(t.db, admin, { campaignId: campaign.id, confirmedRound: null, from: FROM }, later)).toEqual({ ok: true, reminded: 1, refused: 0, refusal: null });
    expect(remindAgain(t.db, admin, { campaignId: 999, confirmedRound: null, from: FROM }, later)).toEqual({ ok: false, error: "That campaign no longer exists." });
  });

  it("says each reason when nobody can be reminded for several", () => {
    const campaign = createCampaign(t.db, admin, input, FROM, now);
    setBlocked(t.db, "+919800000002", true, now);
    expect(remindAgain(t.db, admin, { campaignId: campaign.id, confirmedRound: null, from: FROM }, new Date(now.getTime() + 48 * HOUR))).toEqual({
      ok: false,
      error: "Nobody can be reminded now: 1 is outside the 24-hour window, 1 is blocked; use a template campaign.",
    });
  });

  it("does not count a round that queued nothing as the last one", () => {
    const long: CampaignInput = { ...input, body: `${"x".repeat(1590)} {name}` };
    const campaign = createCampaign(t.db, admin, long, FROM, now);
    for (const phone of ["+919800000001", "+919800000002"]) updateEmployee(t.db, findEmployeeByPhone(t.db, phone)!.id, { name: "A very long name indeed" }, now);
    const later = new Date(now.getTime() + 2 * HOUR);
    for (const phone of ["+919800000001", "+919800000002"]) upsertContactOnInbound(t.db, { phone, channel: "whatsapp", profileName: null, waId: null, at: later, day: "2026-11-25" });
    expect(remindAgain(t.db, admin, { campaignId: campaign.id, confirmedRound: null, from: FROM }, later)).toMatchObject({ ok: true, reminded: 0, refused: 2 });
    expect(findCampaign(t.db, campaign.id)).toMatchObject({ lastRemindedAt: null });
  });
});

describe("the Days of the expiring audience", () => {
  const parse = (days: string) => campaignInput.safeParse({ name: "Renew", body: "Renew {name}", contentSid: "", audience: { kind: "expiring", days } });
  const issue = (days: string) => {
    const result = parse(days);
    return result.success ? null : { message: result.error.issues[0]?.message, path: result.error.issues[0]?.path };
  };

  it("is required: empty is refused on the field instead of meaning 0 days", () => {
    expect(issue("")).toEqual({ message: "Days is required", path: ["audience", "days"] });
    expect(issue("   ")).toEqual({ message: "Days is required", path: ["audience", "days"] });
  });

  it("is a whole number from 1 to 365", () => {
    for (const bad of ["0", "-3", "2.5", "366", "abc"]) expect(issue(bad)).toEqual({ message: "Days must be a whole number from 1 to 365", path: ["audience", "days"] });
    expect(parse(" 30 ")).toMatchObject({ success: true, data: { audience: { kind: "expiring", days: 30 } } });
    expect(parse("365").success).toBe(true);
  });
});

describe("a campaign sent as a template saved in Settings", () => {
  const DUE = { name: "Declaration reminder", contentSid: `HX${"d".repeat(32)}`, variables: ["Name", "Due date"] };
  const PLAIN = { name: "Policy notice", contentSid: `HX${"e".repeat(32)}`, variables: [] };
  const saved = [DUE, PLAIN];
  const form = (fields: Record<string, string>) => (field: string) => fields[field] ?? "";
  /** The ContentVariables queued for each recipient, by name. */
  const queuedVariables = () =>
    Object.fromEntries(
      (t.db.$client.prepare("select e.name, j.content_variables from outbound_jobs j join messages m on m.id = j.message_id join employees e on 'whatsapp:' || e.phone = m.to_address order by j.id").all() as { name: string; content_variables: string }[]).map((row) => [row.name, JSON.parse(row.content_variables)]),
    );
  const inputWith = (fields: Record<string, string>): CampaignInput => {
    const chosen = chosenTemplate(saved, form(fields));
    if ("error" in chosen) throw new Error(chosen.error);
    return campaignInput.parse({ name: "Q4", body: "", ...chosen, audience: { kind: "everyone" } });
  };

  it("sends exactly the variables the template declares: {{1}} each name, the others as typed once; none for a template without variables", () => {
    createCampaign(t.db, admin, inputWith({ template: DUE.contentSid, "variable-2": " Friday 5 Dec " }), FROM, now);
    expect(queuedVariables()).toEqual({ Asha: { 1: "Asha", 2: "Friday 5 Dec" }, Ravi: { 1: "Ravi", 2: "Friday 5 Dec" } });
    t.db.$client.exec("delete from outbound_jobs");
    createCampaign(t.db, admin, inputWith({ template: PLAIN.contentSid }), FROM, now);
    expect(queuedVariables()).toEqual({ Asha: {}, Ravi: {} });
  });

  it("shows the variables in the preview", () => {
    expect(previewOf(inputWith({ template: DUE.contentSid, "variable-2": "Friday" })).variables).toBe("{{1}} Name: each person's name · {{2}} Due date: Friday");
    expect(previewOf(inputWith({ template: PLAIN.contentSid })).variables).toBe("no variables");
  });

  it("refuses a variable left empty or too long, on its field, and a template deleted from Settings since", () => {
    expect(chosenTemplate(saved, form({ template: DUE.contentSid, "variable-2": "  " }))).toEqual({ error: "Fill in “Due date” ({{2}})", field: "variable-2" });
    expect(chosenTemplate(saved, form({ template: DUE.contentSid, "variable-2": "x".repeat(1001) }))).toEqual({ error: "“Due date” can have at most 1,000 characters", field: "variable-2" });
    expect(chosenTemplate(saved, form({ template: `HX${"f".repeat(32)}` }))).toEqual({ error: "That template is no longer in Settings' list: reload the page and choose again.", field: "template" });
    expect(chosenTemplate(saved, form({ template: "other", contentSid: "" }))).toEqual({ error: "Give the template's Content SID (HX…)", field: "contentSid" });
    expect(chosenTemplate(saved, form({ template: "other", contentSid: DUE.contentSid }))).toEqual({ error: "That Content SID is listed as “Declaration reminder”: choose it by name to fill in its variables", field: "contentSid" });
  });

  it("sends a hand-typed Content SID that is in the list as that template, and any other with {{1}} only", () => {
    expect(chosenTemplate(saved, form({ template: "other", contentSid: PLAIN.contentSid.toUpperCase() }))).toMatchObject({ contentSid: PLAIN.contentSid, template: { name: "Policy notice", labels: [] } });
    const other = `HX${"a".repeat(32)}`;
    expect(chosenTemplate(saved, form({ template: "other", contentSid: other }))).toEqual({ contentSid: other, template: null });
    createCampaign(t.db, admin, inputWith({ template: "other", contentSid: other }), FROM, now);
    expect(queuedVariables()).toEqual({ Asha: { 1: "Asha" }, Ravi: { 1: "Ravi" } });
  });

  it("sends Remind again with the same variables as the campaign", () => {
    const campaign = createCampaign(t.db, admin, inputWith({ template: DUE.contentSid, "variable-2": "Friday" }), FROM, now);
    t.db.$client.exec("delete from outbound_jobs");
    expect(remindAgain(t.db, admin, { campaignId: campaign.id, confirmedRound: null, from: FROM }, new Date(now.getTime() + 2 * HOUR))).toMatchObject({ ok: true, reminded: 2 });
    expect(queuedVariables()).toEqual({ Asha: { 1: "Asha", 2: "Friday" }, Ravi: { 1: "Ravi", 2: "Friday" } });
    expect(findCampaign(t.db, campaign.id)?.template).toEqual({ name: "Declaration reminder", labels: ["Name", "Due date"], values: ["Friday"] });
  });
});

describe("a campaign's rounds", () => {
  const everyone = { name: "Q4", body: "Hi {name}", contentSid: null, audience: { kind: "everyone" } } as const;
  const later = new Date(now.getTime() + 2 * HOUR);

  it("keep what the first round reached after Remind again replaces each person's latest message", () => {
    const campaign = createCampaign(t.db, admin, everyone, FROM, now);
    t.db.$client.exec("update messages set status = 'read' where direction = 'outbound'");
    expect(remindAgain(t.db, admin, { campaignId: campaign.id, confirmedRound: null, from: FROM }, later)).toMatchObject({ ok: true, reminded: 2 });
    // Each person's latest message is the new, queued one: their read first message is no longer counted there.
    expect(campaignProgress(t.db, campaign.id)).toMatchObject({ sent: 0, delivered: 0, read: 0, queued: 2 });
    expect(roundsProgress(t.db, campaign.id)).toEqual([
      { at: now, total: 2, queued: 0, sent: 2, delivered: 2, read: 2, failed: 0, refused: 0, offRecord: 0 },
      { at: later, total: 2, queued: 2, sent: 0, delivered: 0, read: 0, failed: 0, refused: 0, offRecord: 0 },
    ]);
  });

  it("are filled for campaigns stored before them from each person's latest message, by its time (migration 0029)", () => {
    t.close();
    t = tempDbAt("0028_campaign_sends");
    for (const [name, code, phone] of [["Asha", "E1", "+919800000001"], ["Ravi", "E2", "+919800000002"]] as const) {
      insertEmployee(t.db, { name, employeeCode: code, phone, department: "Equity", managerId: null, approver: false, active: true }, now);
      upsertContactOnInbound(t.db, { phone, channel: "whatsapp", profileName: name, waId: null, at: new Date(later.getTime() - HOUR), day: "2026-11-25" });
    }
    const campaign = createCampaign(t.db, admin, everyone, FROM, now);
    remindAgain(t.db, admin, { campaignId: campaign.id, confirmedRound: null, from: FROM }, later);
    t.db.$client.exec("delete from campaign_sends");
    applyMigrations(t.db);
    expect(roundsProgress(t.db, campaign.id)).toMatchObject([{ at: later, total: 2, queued: 2 }]);
  });
});

describe("the campaign's lists and counts", () => {
  it("lists recipients as People does, numbers by value, and writes counts with thousands separators", () => {
    inTransaction(t.db, () => {
      for (let i = 1; i <= 1001; i++) {
        const phone = `+9197${String(i).padStart(8, "0")}`;
        insertEmployee(t.db, { name: `Bulk ${i}`, employeeCode: `B${i}`, phone, department: "Bulk", managerId: null, approver: false, active: true }, now);
        upsertContactOnInbound(t.db, { phone, channel: "whatsapp", profileName: null, waId: null, at: new Date(now.getTime() - HOUR), day: "2026-11-25" });
      }
    });
    const input: CampaignInput = { name: "Bulk", body: "Hi {name}", contentSid: null, audience: { kind: "department", department: "Bulk" } };
    expect(sendPreviewedCampaign(t.db, admin, input, null, FROM, now)).toMatchObject({ sent: false, reason: "Preview the recipients before sending: 1,001 will receive it. Check the preview and send again." });
    const campaign = createCampaign(t.db, admin, input, FROM, now);
    expect(recipientsOf(t.db, campaign.id).slice(0, 4).map((row) => row.employee.name)).toEqual(["Bulk 1", "Bulk 2", "Bulk 3", "Bulk 4"]);
    expect(recipientsOf(t.db, campaign.id).slice(99, 101).map((row) => row.employee.name)).toEqual(["Bulk 100", "Bulk 101"]);
  });
});
