import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { campaignProgress, recipientsOf } from "@/db/queries/campaigns";
import { upsertContactOnInbound } from "@/db/queries/contacts";
import { findEmployeeByPhone, insertEmployee, updateEmployee } from "@/db/queries/employees";
import { tempDb, type TempDb } from "@/tests/support/db";
import { findContactByPhone, setBlocked, setOptedOut } from "@/db/queries/contacts";
import { createCampaign, previewAudience, previewFingerprint, remindAgain, sendPreviewedCampaign, type CampaignInput } from "./campaigns";

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

describe("a campaign nobody can receive", () => {
  it("is refused even with a matching preview, and nothing is created", () => {
    for (const phone of ["+919800000001", "+919800000002"]) setOptedOut(t.db, findContactByPhone(t.db, phone)!.id, true, now);
    const input: CampaignInput = { name: "Nobody", body: "Hi {name}", contentSid: null, audience: { kind: "everyone" } };
    const preview = previewAudience(t.db, input, now);
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
  it("counts refused sends apart and keeps the recipient's earlier message and its delivery", () => {
    const campaign = createCampaign(t.db, admin, { name: "Q4 declaration", body: "Hi {name}, please file.", contentSid: null, audience: { kind: "everyone" } }, FROM, now);
    const before = new Map(recipientsOf(t.db, campaign.id).map((row) => [row.employee.name, row.messageId]));
    // A day later Ravi wrote again (his window is open); Asha's closed.
    const later = new Date(now.getTime() + 30 * HOUR);
    upsertContactOnInbound(t.db, { phone: "+919800000002", channel: "whatsapp", profileName: "Ravi", waId: null, at: new Date(later.getTime() - HOUR), day: "2026-11-26" });

    expect(remindAgain(t.db, admin, campaign.id, FROM, later)).toEqual({
      reminded: 1,
      refused: 1,
      refusal: "Outside the 24-hour window: WhatsApp only allows an approved template until they write again.",
    });
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

    expect(previewAudience(t.db, { audience: everyone, body: "Hi {name}", contentSid: null }, now)).toEqual({ total: 4, optedOut: 1, refused: 2, refusal: OUTSIDE, willReceive: 1, fingerprint: expect.stringMatching(/^1\./) });
    // A template may go outside the window; the block still holds.
    expect(previewAudience(t.db, { audience: everyone, body: "", contentSid: `HX${"a".repeat(32)}` }, now)).toMatchObject({ total: 4, optedOut: 1, refused: 1, willReceive: 2 });
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
    const { fingerprint } = previewAudience(t.db, input, now);
    const result = sendPreviewedCampaign(t.db, admin, input, fingerprint, FROM, later);
    expect(result.sent).toBe(true);
    expect(count("campaign_recipients")).toBe(2);
    expect(count("outbound_jobs where state = 'pending'")).toBe(2);
  });

  it("refuses, creating and queueing nothing, when someone who will receive it was added since the preview", () => {
    const { fingerprint } = previewAudience(t.db, input, now);
    addReachable("Meera", "E3", "+919800000003");
    const result = sendPreviewedCampaign(t.db, admin, input, fingerprint, FROM, later);
    expect(result).toEqual({
      sent: false,
      reason: "The audience changed since your preview: 3 will now receive it (was 2). Check the new preview and send again.",
      preview: { total: 3, optedOut: 0, refused: 0, refusal: null, willReceive: 3, fingerprint: expect.stringMatching(/^3\./) },
    });
    expectNothingSent();
    // The new preview it answered with is what the next Send confirms.
    if (result.sent) throw new Error("sent");
    expect(sendPreviewedCampaign(t.db, admin, input, result.preview.fingerprint, FROM, later).sent).toBe(true);
    expect(count("outbound_jobs where state = 'pending'")).toBe(3);
  });

  it("refuses, creating and queueing nothing, when someone previewed opted out since", () => {
    const { fingerprint } = previewAudience(t.db, input, now);
    optOut("+919800000002");
    const result = sendPreviewedCampaign(t.db, admin, input, fingerprint, FROM, later);
    expect(result).toMatchObject({ sent: false, reason: "The audience changed since your preview: 1 will now receive it (was 2). Check the new preview and send again.", preview: { total: 2, optedOut: 1, willReceive: 1 } });
    expectNothingSent();
  });

  it("says so when nobody is left to receive it, and does not ask to send again", () => {
    const { fingerprint } = previewAudience(t.db, input, now);
    optOut("+919800000001");
    optOut("+919800000002");
    expect(sendPreviewedCampaign(t.db, admin, input, fingerprint, FROM, later)).toMatchObject({ sent: false, reason: "The audience changed since your preview: nobody will receive it now (was 2). Check the new preview.", preview: { willReceive: 0 } });
    expectNothingSent();
  });

  it("compares who, not how many: one added and one opted out is refused", () => {
    const { fingerprint } = previewAudience(t.db, input, now);
    addReachable("Meera", "E3", "+919800000003");
    optOut("+919800000001");
    expect(sendPreviewedCampaign(t.db, admin, input, fingerprint, FROM, later)).toMatchObject({ sent: false, reason: "The audience changed since your preview: 2 will still receive it, but not the same people. Check the new preview and send again." });
    expectNothingSent();
  });

  it("refuses when a previewed person's number changed, since the message would go to another phone", () => {
    const { fingerprint } = previewAudience(t.db, input, now);
    updateEmployee(t.db, findEmployeeByPhone(t.db, "+919800000002")!.id, { phone: "+919800000009" }, now);
    upsertContactOnInbound(t.db, { phone: "+919800000009", channel: "whatsapp", profileName: "Ravi", waId: null, at: now, day: "2026-11-25" });
    expect(sendPreviewedCampaign(t.db, admin, input, fingerprint, FROM, later)).toMatchObject({ sent: false, preview: { willReceive: 2 } });
    expectNothingSent();
  });

  it("refuses when the preview was of other content: a template reaches people free text does not", () => {
    const { fingerprint } = previewAudience(t.db, input, now);
    const template = { ...input, body: "", contentSid: `HX${"a".repeat(32)}` };
    expect(sendPreviewedCampaign(t.db, admin, template, fingerprint, FROM, later)).toMatchObject({ sent: false });
    expectNothingSent();
  });

  it("still sends when the one added since cannot receive it either way (free text, no open window)", () => {
    const { fingerprint } = previewAudience(t.db, input, now);
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
    const { fingerprint } = previewAudience(t.db, input, now);
    expect(previewFingerprint.parse(fingerprint)).toBe(fingerprint);
    expect(previewFingerprint.safeParse("2.not-a-hash").success).toBe(false);
    expect(previewFingerprint.safeParse(`${fingerprint}0`).success).toBe(false);
  });
});
