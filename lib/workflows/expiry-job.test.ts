import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { upsertContactOnInbound } from "@/db/queries/contacts";
import { insertCertificate, insertDeclaration, insertEmployee } from "@/db/queries/employees";
import { tempDb, type TempDb } from "@/tests/support/db";
import { insertCampaign, insertRecipient } from "@/db/queries/campaigns";
import { DEFAULT_REPLIES } from "@/lib/commands/replies";
import { readInbound } from "@/lib/twilio/inbound";
import { receiveMessage } from "@/lib/webhooks/incoming";
import { inboundParams, messageSid } from "@/tests/support/twilio-fixtures";
import { runDailyChecks } from "./expiry-job";

let t: TempDb;
const day = (iso: string) => new Date(`${iso}T06:00:00Z`);
const options = { holder: "a", leadDays: [30, 7, 1], from: "whatsapp:+14155238886" };
const config = { settings: { incomingEnabled: true, dailyLimit: 500, cooldownSeconds: 0, replies: { ...DEFAULT_REPLIES } }, rules: [] };
const outbound = () => t.db.$client.prepare("select body, status from messages where direction = 'outbound' order by id").all() as { body: string; status: string }[];

beforeEach(() => {
  t = tempDb();
  const now = day("2026-11-25");
  const employee = insertEmployee(t.db, { name: "Asha", employeeCode: "E1", phone: "+919800000001", department: "", managerId: null, approver: false, active: true }, now);
  upsertContactOnInbound(t.db, { phone: employee.phone, channel: "whatsapp", profileName: "Asha", waId: null, at: now, day: "2026-11-25" });
  insertCertificate(t.db, { employeeId: employee.id, name: "NISM Series VIII", number: "", issuedOn: null, expiresOn: "2026-12-02" }, now);
  insertCertificate(t.db, { employeeId: employee.id, name: "NISM Series XV", number: "", issuedOn: null, expiresOn: "2027-06-01" }, now);
  insertDeclaration(t.db, { employeeId: employee.id, type: "Investment declaration", period: "Q3", status: "pending", dueOn: "2026-11-20", submittedOn: null }, now);
});
afterEach(() => t.close());

describe("daily compliance checks", () => {
  it("queues a reminder at the nearest lead time once, even when run twice", () => {
    expect(runDailyChecks(t.db, options, day("2026-11-25"))).toEqual({ ran: true, overdue: 1, reminders: 1 });
    expect(runDailyChecks(t.db, options, day("2026-11-25"))).toEqual({ ran: false, reason: "already ran today", overdue: 0, reminders: 0 });
    expect(outbound().map((row) => row.body)).toEqual(["Reminder: your NISM Series VIII expires on 2 Dec 2026 (in 7 days). Please renew it. Reply ACK to confirm you've seen this."]);
    // Next day: still inside the 7-day lead, already reminded at it.
    expect(runDailyChecks(t.db, options, day("2026-11-26"))).toMatchObject({ ran: true, reminders: 0 });
    // One day before: the 1-day lead fires.
    expect(runDailyChecks(t.db, options, day("2026-12-01"))).toMatchObject({ ran: true, reminders: 1 });
    expect(outbound()).toHaveLength(2);
  });

  it("the reminder's holder acknowledges it with ACK, as it asks, newest reminder first", () => {
    const ack = (sid: string, at: Date) =>
      receiveMessage(t.db, readInbound(inboundParams({ MessageSid: sid, Body: "ACK", From: "whatsapp:+919800000001" })), config, at).reply?.body;
    runDailyChecks(t.db, options, day("2026-11-25"));
    const campaign = insertCampaign(t.db, { name: "Q3 declaration", body: "x", contentSid: null, audience: {}, createdByUserId: null }, day("2026-11-20"));
    insertRecipient(t.db, { campaignId: campaign.id, employeeId: 1, messageId: null, skipped: null }, day("2026-11-20"));

    expect(ack(messageSid(), day("2026-11-25"))).toBe("Thank you, Asha. Your acknowledgement of the reminder that your NISM Series VIII expires on 2 Dec 2026 is recorded.");
    const acknowledged = t.db.$client.prepare("select lead_days, acknowledged_at, ack_message_sid from expiry_reminders").all() as { lead_days: number; acknowledged_at: number; ack_message_sid: string }[];
    expect(acknowledged).toEqual([{ lead_days: 7, acknowledged_at: day("2026-11-25").getTime(), ack_message_sid: expect.stringMatching(/^SM/) }]);
    // The older campaign reminder is next; then nothing is left.
    expect(ack(messageSid(), day("2026-11-25"))).toBe("Thank you, Asha. Your acknowledgement of “Q3 declaration” is recorded.");
    expect(ack(messageSid(), day("2026-11-25"))).toBe("Thank you, Asha. There is no reminder waiting for your acknowledgement.");
    // The 1-day reminder is a new one to acknowledge, once it can reach her (inside the 24-hour window).
    ack(messageSid(), day("2026-11-30"));
    runDailyChecks(t.db, options, day("2026-12-01"));
    expect(ack(messageSid(), day("2026-12-01"))).toContain("your NISM Series VIII expires on 2 Dec 2026 is recorded");
  });

  it("a reminder that could not be sent (free text outside the 24-hour window) is not there to acknowledge", () => {
    runDailyChecks(t.db, options, day("2026-12-01"));
    expect(outbound()).toEqual([{ body: expect.stringContaining("NISM Series VIII expires on 2 Dec 2026 (in 1 day)"), status: "refused" }]);
    const reply = receiveMessage(t.db, readInbound(inboundParams({ Body: "ACK", From: "whatsapp:+919800000001" })), config, day("2026-12-01")).reply?.body;
    expect(reply).toBe("Thank you, Asha. There is no reminder waiting for your acknowledgement.");
  });

  it("runs once when two instances race for it", () => {
    const other = openDatabase(t.file);
    try {
      const first = runDailyChecks(t.db, { ...options, holder: "instance-1" }, day("2026-11-25"));
      const second = runDailyChecks(other, { ...options, holder: "instance-2" }, day("2026-11-25"));
      expect([first.ran, second.ran]).toEqual([true, false]);
      expect(outbound()).toHaveLength(1);
    } finally {
      other.$client.close();
    }
  });

  it("refuses to take a lease another instance holds", () => {
    const other = openDatabase(t.file);
    try {
      other.$client.prepare("insert into job_leases (name, holder, lease_until) values ('daily-compliance-checks', 'busy', ?)").run(day("2026-11-25").getTime() + 60_000);
      expect(runDailyChecks(t.db, options, day("2026-11-25"))).toEqual({ ran: false, reason: "another instance holds the lease", overdue: 0, reminders: 0 });
    } finally {
      other.$client.close();
    }
  });

  it("uses the approved template when one is set", () => {
    runDailyChecks(t.db, { ...options, templateSid: `HX${"ab".repeat(16)}` }, day("2026-11-25"));
    expect(outbound()[0]?.body).toBe(`[Template HX${"ab".repeat(16)}] {"1":"Asha","2":"NISM Series VIII","3":"2 Dec 2026"}`);
  });
});
