import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { findContactByPhone, setBlocked, setOptedOut, upsertContactOnInbound } from "@/db/queries/contacts";
import { insertCertificate, insertDeclaration, insertEmployee } from "@/db/queries/employees";
import { tempDb, type TempDb } from "@/tests/support/db";
import { insertCampaign, insertRecipient } from "@/db/queries/campaigns";
import { DEFAULT_REPLIES } from "@/lib/commands/replies";
import { readInbound } from "@/lib/twilio/inbound";
import { receiveMessage } from "@/lib/webhooks/incoming";
import { inboundParams, messageSid } from "@/tests/support/twilio-fixtures";
import { DAILY_CHECKS_SOURCE, runDailyChecks } from "./expiry-job";

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
    expect(runDailyChecks(t.db, options, day("2026-11-25"))).toEqual({ ran: true, overdue: 1, reminders: 1, refused: 0 });
    expect(runDailyChecks(t.db, options, day("2026-11-25"))).toEqual({ ran: false, reason: "already ran today", overdue: 0, reminders: 0, refused: 0 });
    expect(outbound().map((row) => row.body)).toEqual(["Reminder: your NISM Series VIII expires on 2 Dec 2026 (in 7 days). Please renew it. Reply ACK to confirm you've seen this."]);
    // Next day: still inside the 7-day lead, already reminded at it.
    expect(runDailyChecks(t.db, options, day("2026-11-26"))).toMatchObject({ ran: true, reminders: 0 });
    // One day before: the 1-day lead is tried (free text, refused: she last wrote six days ago).
    expect(runDailyChecks(t.db, options, day("2026-12-01"))).toMatchObject({ ran: true, reminders: 0, refused: 1 });
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

  it("an ACK of an expiry reminder is confirmed in the admin's wording, certificate and date filled", () => {
    runDailyChecks(t.db, options, day("2026-11-25"));
    const replies = { ...DEFAULT_REPLIES, ackExpiry: "{name}: renewal of {certificate} (due {date}) noted." };
    const reply = receiveMessage(t.db, readInbound(inboundParams({ Body: "ack", From: "whatsapp:+919800000001" })), { ...config, settings: { ...config.settings, replies } }, day("2026-11-25")).reply?.body;
    expect(reply).toBe("Asha: renewal of NISM Series VIII (due 2 Dec 2026) noted.");
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
      expect(runDailyChecks(t.db, options, day("2026-11-25"))).toEqual({ ran: false, reason: "another instance holds the lease", overdue: 0, reminders: 0, refused: 0 });
    } finally {
      other.$client.close();
    }
  });

  it("uses the approved template when one is set", () => {
    runDailyChecks(t.db, { ...options, templateSid: `HX${"ab".repeat(16)}` }, day("2026-11-25"));
    expect(outbound()[0]?.body).toBe(`[Template HX${"ab".repeat(16)}] {"1":"Asha","2":"NISM Series VIII","3":"2 Dec 2026"}`);
  });

  describe("a reminder the queue refused", () => {
    const TEMPLATE = `HX${"cd".repeat(16)}`;
    const OUTSIDE_WINDOW = "Outside the 24-hour window: WhatsApp only allows an approved template until they write again.";
    // Asha last wrote on 25 Nov, so from 27 Nov free text to her is refused.
    const refusedDay = day("2026-11-27");
    const errorLog = () => t.db.$client.prepare("select source, reason, detail from error_log order by id").all();
    const ack = (at: Date) => receiveMessage(t.db, readInbound(inboundParams({ Body: "ACK", From: "whatsapp:+919800000001" })), config, at).reply?.body;
    /** Runs again on the same day as if the lease's "ran today" had been lost. */
    const rerunSameDay = (at: Date) => {
      t.db.$client.prepare("update job_leases set last_run_on = null").run();
      return runDailyChecks(t.db, options, at);
    };

    it("is counted apart with its reason, and the Logs page gets one row for the run", () => {
      expect(runDailyChecks(t.db, options, refusedDay)).toEqual({ ran: true, overdue: 1, reminders: 0, refused: 1, refusal: OUTSIDE_WINDOW });
      expect(errorLog()).toEqual([{ source: DAILY_CHECKS_SOURCE, reason: "expiry reminders refused", detail: `1 expiry reminder could not be sent: ${OUTSIDE_WINDOW}` }]);
      // A run with nothing refused logs nothing.
      runDailyChecks(t.db, { ...options, templateSid: TEMPLATE }, day("2026-11-28"));
      expect(errorLog()).toHaveLength(1);
    });

    it("does not use up its lead time: the next day's run tries again, and goes out once a template is set", () => {
      runDailyChecks(t.db, options, refusedDay);
      expect(runDailyChecks(t.db, options, day("2026-11-28"))).toMatchObject({ reminders: 0, refused: 1 });
      expect(runDailyChecks(t.db, { ...options, templateSid: TEMPLATE }, day("2026-11-29"))).toMatchObject({ reminders: 1, refused: 0 });
      // The day it was still refused left no second refused message in their conversation.
      expect(outbound().map((row) => row.status)).toEqual(["refused", "queued"]);
      expect(outbound()[1]?.body).toContain(`[Template ${TEMPLATE}]`);
      // Once it went, the lead time is used up.
      expect(runDailyChecks(t.db, { ...options, templateSid: TEMPLATE }, day("2026-11-30"))).toMatchObject({ reminders: 0, refused: 0 });
      expect(outbound()).toHaveLength(2);
    });

    it("goes out as free text the day after the holder writes in (the window is open again)", () => {
      runDailyChecks(t.db, options, refusedDay);
      upsertContactOnInbound(t.db, { phone: "+919800000001", channel: "whatsapp", profileName: "Asha", waId: null, at: day("2026-11-27"), day: "2026-11-27" });
      expect(runDailyChecks(t.db, options, day("2026-11-28"))).toMatchObject({ reminders: 1, refused: 0 });
      expect(outbound().map((row) => row.status)).toEqual(["refused", "queued"]);
    });

    it("is attempted at most once a day, even when the run happens twice", () => {
      runDailyChecks(t.db, options, refusedDay);
      expect(rerunSameDay(day("2026-11-27"))).toMatchObject({ ran: true, reminders: 0, refused: 0 });
      expect(outbound()).toHaveLength(1);
      // Not even once a template is set the same day: it goes at the next day's run.
      expect(rerunSameDay(day("2026-11-27"))).toMatchObject({ reminders: 0, refused: 0 });
      expect(runDailyChecks(t.db, { ...options, templateSid: TEMPLATE }, day("2026-11-28"))).toMatchObject({ reminders: 1 });
      expect(outbound()).toHaveLength(2);
    });

    it("is not tried again while the holder is opted out or blocked, and is once they can be written to", () => {
      const contact = findContactByPhone(t.db, "+919800000001")!;
      const withTemplate = { ...options, templateSid: TEMPLATE };
      setOptedOut(t.db, contact.id, true, day("2026-11-26"));
      expect(runDailyChecks(t.db, withTemplate, refusedDay)).toMatchObject({ reminders: 0, refused: 1, refusal: expect.stringContaining("opted out") });
      expect(runDailyChecks(t.db, withTemplate, day("2026-11-28"))).toMatchObject({ ran: true, reminders: 0, refused: 0 });
      // START, but blocked by an admin: still nothing.
      setOptedOut(t.db, contact.id, false, day("2026-11-28"));
      setBlocked(t.db, "+919800000001", true, day("2026-11-28"));
      expect(runDailyChecks(t.db, withTemplate, day("2026-11-29"))).toMatchObject({ ran: true, reminders: 0, refused: 0 });
      expect(outbound()).toHaveLength(1);
      // Unblocked, and the certificate still expires: the reminder is worth sending after all.
      setBlocked(t.db, "+919800000001", false, day("2026-11-29"));
      expect(runDailyChecks(t.db, withTemplate, day("2026-11-30"))).toMatchObject({ reminders: 1, refused: 0 });
      expect(outbound().map((row) => row.status)).toEqual(["refused", "queued"]);
    });

    it("can never be acknowledged, however often it is tried, until an attempt goes out", () => {
      runDailyChecks(t.db, options, refusedDay);
      runDailyChecks(t.db, options, day("2026-11-28"));
      // Both attempts were refused, so her ACK finds nothing; opening the window must not change that.
      expect(ack(day("2026-11-28"))).toBe("Thank you, Asha. There is no reminder waiting for your acknowledgement.");
      const acknowledged = () => t.db.$client.prepare("select count(*) as n from expiry_reminders where acknowledged_at is not null").get();
      expect(acknowledged()).toEqual({ n: 0 });
      // The ACK opened the window: the next run's free text goes, and that one can be acknowledged.
      expect(runDailyChecks(t.db, options, day("2026-11-29"))).toMatchObject({ reminders: 1 });
      expect(ack(day("2026-11-29"))).toContain("your NISM Series VIII expires on 2 Dec 2026 is recorded");
      expect(acknowledged()).toEqual({ n: 1 });
    });
  });
});
