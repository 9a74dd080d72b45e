import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { campaignProgress, recipientsOf } from "@/db/queries/campaigns";
import { insertEmployee } from "@/db/queries/employees";
import { updateMessageStatus } from "@/db/queries/messages";
import { DEFAULT_REPLIES } from "@/lib/commands/replies";
import { readInbound } from "@/lib/twilio/inbound";
import { receiveMessage } from "@/lib/webhooks/incoming";
import { createCampaign } from "@/lib/workflows/campaigns";
import { tempDb, type TempDb } from "@/tests/support/db";
import { inboundParams } from "@/tests/support/twilio-fixtures";
import { DAY_MS, parsePeriod } from "./period";
import { reminderAckRates } from "./reminders";

let t: TempDb;
const now = new Date("2026-11-25T10:00:00Z");
const MINUTE = 60_000;
const admin = { id: null, label: "admin@example.com" };
const FROM = "whatsapp:+14155238886";
const config = { settings: { incomingEnabled: true, dailyLimit: 500, cooldownSeconds: 0, replies: { ...DEFAULT_REPLIES } }, rules: [] };
const PEOPLE = [
  ["Asha", "+919800000001", "Equity"],
  ["Ravi", "+919800000002", "Equity"],
  ["Meera", "+919800000003", "Equity"],
  ["Omar", "+919800000004", "Equity"],
  ["Dina", "+919800000005", "Ops"],
] as const;

function say(phone: string, body: string, at: Date) {
  return receiveMessage(t.db, readInbound(inboundParams({ Body: body, From: `whatsapp:${phone}` })), config, at).reply?.body ?? null;
}

beforeEach(() => {
  t = tempDb();
  for (const [name, phone, department] of PEOPLE) {
    insertEmployee(t.db, { name, employeeCode: name.toUpperCase(), phone, department, managerId: null, approver: false, active: true }, now);
    // Writing first opens their 24-hour window, so the campaign's free text may be sent.
    say(phone, "HI", new Date(now.getTime() - 10 * MINUTE));
  }
  // Omar and Dina opt out: a campaign skips them and never asks them to ACK.
  for (const phone of ["+919800000004", "+919800000005"]) say(phone, "STOP", new Date(now.getTime() - 5 * MINUTE));
});
afterEach(() => t.close());

describe("reminder ACK rates", () => {
  it("divides acknowledgements by the people the reminder went to, leaving the opted-out out", () => {
    const campaign = createCampaign(t.db, admin, { name: "Q4 declaration", body: "Hi {name}, reply ACK.", contentSid: null, audience: { kind: "everyone" } }, FROM, now);
    expect(campaign.skippedOptedOut).toBe(2);
    const later = new Date(now.getTime() + MINUTE);
    for (const recipient of recipientsOf(t.db, campaign.id)) {
      if (recipient.messageId !== null && recipient.employee.name !== "Meera") updateMessageStatus(t.db, recipient.messageId, { status: "read", at: later });
    }
    expect(say("+919800000001", "ACK", later)).toBe("Thank you, Asha. Your acknowledgement of “Q4 declaration” is recorded.");
    expect(say("+919800000002", "ack", later)).toBe("Thank you, Ravi. Your acknowledgement of “Q4 declaration” is recorded.");
    // An opted-out person's ACK still runs (unanswered) but finds no reminder: they were skipped, not asked.
    say("+919800000004", "ACK", later);

    const { campaigns, more } = reminderAckRates(t.db, parsePeriod({ period: "7d" }, later.getTime()), 20);
    expect(more).toBe(false);
    // 2 of the 3 it went to; counting the 2 skipped would say 40 %.
    expect(campaigns).toEqual([{ id: campaign.id, name: "Q4 declaration", sentTo: 3, read: 2, acknowledged: 2, ackRate: 2 / 3 }]);
  });

  it("leaves out those the send queue refused (the campaign page's Not sent): they were never asked to ACK", () => {
    // Fatima never wrote: free text to her is refused, never sent.
    insertEmployee(t.db, { name: "Fatima", employeeCode: "FATIMA", phone: "+919800000006", department: "Equity", managerId: null, approver: false, active: true }, now);
    const campaign = createCampaign(t.db, admin, { name: "Q4 declaration", body: "Hi {name}, reply ACK.", contentSid: null, audience: { kind: "everyone" } }, FROM, now);
    const later = new Date(now.getTime() + MINUTE);
    expect(say("+919800000001", "ACK", later)).toBe("Thank you, Asha. Your acknowledgement of “Q4 declaration” is recorded.");
    expect(campaignProgress(t.db, campaign.id)).toMatchObject({ total: 6, skipped: 2, refused: 1 });

    // 1 of the 3 it was sent to (Asha, Ravi, Meera); counting Fatima, never sent it, would say 25 %.
    const { campaigns } = reminderAckRates(t.db, parsePeriod({ period: "7d" }, later.getTime()), 20);
    expect(campaigns).toEqual([{ id: campaign.id, name: "Q4 declaration", sentTo: 3, read: 0, acknowledged: 1, ackRate: 1 / 3 }]);
  });

  it("gives no rate to a campaign that reached nobody, and lists only the period's most recent campaigns", () => {
    const older = createCampaign(t.db, admin, { name: "Last month", body: "Hi {name}", contentSid: null, audience: { kind: "everyone" } }, FROM, new Date(now.getTime() - 20 * DAY_MS));
    const first = createCampaign(t.db, admin, { name: "Equity attestation", body: "Hi {name}", contentSid: null, audience: { kind: "department", department: "Equity" } }, FROM, new Date(now.getTime() - MINUTE));
    const optedOutOnly = createCampaign(t.db, admin, { name: "Ops attestation", body: "Hi {name}", contentSid: null, audience: { kind: "department", department: "Ops" } }, FROM, now);

    const week = parsePeriod({ period: "7d" }, now.getTime());
    expect(reminderAckRates(t.db, week, 20)).toEqual({
      campaigns: [
        { id: optedOutOnly.id, name: "Ops attestation", sentTo: 0, read: 0, acknowledged: 0, ackRate: null },
        { id: first.id, name: "Equity attestation", sentTo: 3, read: 0, acknowledged: 0, ackRate: 0 },
      ],
      more: false,
    });
    expect(reminderAckRates(t.db, week, 1)).toMatchObject({ campaigns: [{ id: optedOutOnly.id }], more: true });
    expect(reminderAckRates(t.db, parsePeriod({ period: "30d" }, now.getTime()), 20).campaigns.map((row) => row.id)).toEqual([optedOutOnly.id, first.id, older.id]);
  });
});
