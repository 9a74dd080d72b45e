import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureContact, findContactByPhone, listBlocked } from "@/db/queries/contacts";
import { insertEmployee } from "@/db/queries/employees";
import { insertMessage } from "@/db/queries/messages";
import { insertStatusEvent } from "@/db/queries/status-events";
import { recentAudit } from "@/db/queries/audit";
import { insertError } from "@/db/queries/errors";
import { activeHolds, releasedHolds } from "@/db/queries/retention";
import { insertUser } from "@/db/queries/users";
import { tempDb, type TempDb } from "@/tests/support/db";
import { verifyAggregates } from "@/lib/analytics/verify";
import { DEFAULT_REPLIES } from "@/lib/commands/replies";
import { setNumberBlocked } from "@/lib/contacts/block";
import { enqueueMessage } from "@/lib/outbound/queue";
import { readInbound } from "@/lib/twilio/inbound";
import { receiveMessage } from "@/lib/webhooks/incoming";
import { previewAudience } from "@/lib/workflows/campaigns";
import { captureStatements, foreignKeysTo, indexesOpened } from "@/tests/support/query-plan";
import { inboundParams } from "@/tests/support/twilio-fixtures";
import { checkErasureRequest, eraseNumber, erasureSummary, numberReference, placeHold, liftHold, PrivacyError, releaseInput, requestErasure } from "./privacy";
import { dailyPurge, purge, purgePreview } from "./purge";

let t: TempDb;
const now = new Date("2026-11-25T12:00:00Z");
const DAY = 86_400_000;
const settings = { retentionDays: 30, retentionFloorDays: 10, errorLogDays: 7, statusEventDays: 14 };
const admin = { id: null, label: "admin@example.com" };
const everyRow = (table: string) => JSON.stringify(t.db.$client.prepare(`select * from ${table}`).all());
const count = (table: string) => (t.db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

beforeEach(() => {
  t = tempDb();
  const a = ensureContact(t.db, "+919800000001", now).id;
  const b = ensureContact(t.db, "+919800000002", now).id;
  // 100 days of one message a day from each number.
  for (let day = 0; day < 100; day++) {
    for (const contactId of [a, b]) {
      const at = new Date(now.getTime() - day * DAY);
      const message = insertMessage(t.db, { direction: day % 2 ? "inbound" : "outbound", fromAddress: "whatsapp:+1", toAddress: "whatsapp:+2", contactId, body: `day ${day}`, status: day % 2 ? "received" : "read", createdAt: at, updatedAt: at });
      if (!(day % 2)) insertStatusEvent(t.db, { messageSid: `SM${String(message.id).padStart(32, "0")}`, messageId: message.id, status: "read", errorCode: null, errorMessage: null, eventType: null, receivedAt: at });
    }
    insertError(t.db, { at: new Date(now.getTime() - day * DAY), source: "webhook.incoming", reason: "invalid signature", detail: null, payload: null });
  }
});
afterEach(() => t.close());

describe("retention purge", () => {
  it("previews, then deletes in batches only what retention no longer requires, keeping aggregates exact", async () => {
    expect(purgePreview(t.db, settings, now)).toEqual({ messages: 138, heldMessages: 0, errorLog: 92, statusEvents: 84 });
    const counts = await purge(t.db, settings, admin, now, 25);
    // Events of purged messages go with them; 16 more are past their own retention.
    expect(counts).toEqual({ messages: 138, heldMessages: 0, errorLog: 92, statusEvents: 16 });
    expect(count("status_events")).toBe(16);
    expect(count("messages")).toBe(62);
    expect(count("error_log")).toBe(8);
    expect(verifyAggregates(t.db)).toEqual([]);
    expect(recentAudit(t.db, 1)[0]).toMatchObject({ action: "retention.purge", actorLabel: "admin@example.com" });
  });

  it("never goes below the floor", async () => {
    await purge(t.db, { ...settings, retentionDays: 1, retentionFloorDays: 60 }, admin, now);
    expect(count("messages")).toBe(122);
  });

  it("keeps everything for a period reaching back before 1970, instead of failing on an invalid date", async () => {
    const forever = { retentionDays: 1e9, retentionFloorDays: 1e9, errorLogDays: 1e9, statusEventDays: 1e9 };
    expect(purgePreview(t.db, forever, now)).toEqual({ messages: 0, heldMessages: 0, errorLog: 0, statusEvents: 0 });
    expect(await purge(t.db, forever, admin, now)).toEqual({ messages: 0, heldMessages: 0, errorLog: 0, statusEvents: 0 });
    expect(recentAudit(t.db, 1)[0]).toMatchObject({ action: "retention.purge" });
  });

  it("skips messages under a legal hold by number or by date range", async () => {
    placeHold(t.db, admin, { phone: "+919800000001", fromDay: "", toDay: "", reason: "Litigation 2026/14" }, now);
    placeHold(t.db, admin, { phone: "", fromDay: "2026-10-07", toDay: "2026-10-16", reason: "Regulator inquiry" }, now);
    expect(purgePreview(t.db, settings, now)).toMatchObject({ messages: 59, heldMessages: 79 });
    await purge(t.db, settings, admin, now);
    expect(count("messages")).toBe(141);
    expect(verifyAggregates(t.db)).toEqual([]);
  });

  it("runs the daily purge once a day across instances", async () => {
    expect(await dailyPurge(t.db, settings, "a", now)).toMatchObject({ messages: 138 });
    expect(await dailyPurge(t.db, settings, "b", now)).toBeNull();
  });
});

describe("legal holds", () => {
  it("are released only with a reason, stay on record as released, and the audit entry tells the whole story", () => {
    const placer = { id: insertUser(t.db, { email: "placer@example.com", name: "Placer", role: "admin", passwordHash: "x", now }).id, label: "placer@example.com" };
    const releaser = { id: insertUser(t.db, { email: "releaser@example.com", name: "Releaser", role: "admin", passwordHash: "x", now }).id, label: "releaser@example.com" };
    const placedAt = new Date(now.getTime() - 3 * DAY);
    const hold = placeHold(t.db, placer, { phone: "+91 98000 00001", fromDay: "2026-10-01", toDay: "2026-10-31", reason: "SEBI inquiry 2026/118" }, placedAt);
    expect(releaseInput.safeParse({ id: String(hold.id), reason: " " }).success).toBe(false);
    expect(releaseInput.safeParse({ id: String(hold.id), reason: "ok" }).error?.issues[0]?.message).toBe("Give the reason for releasing the hold");

    const released = liftHold(t.db, releaser, releaseInput.parse({ id: String(hold.id), reason: "  Inquiry closed by letter 2026/140 " }), now);
    expect(released).toMatchObject({ id: hold.id, phone: "+919800000001", reason: "SEBI inquiry 2026/118", createdByLabel: "placer@example.com", createdAt: placedAt });
    expect(released).toMatchObject({ releasedAt: now, releasedByUserId: releaser.id, releasedByLabel: "releaser@example.com", releaseReason: "Inquiry closed by letter 2026/140" });
    expect(activeHolds(t.db)).toEqual([]);
    expect(releasedHolds(t.db, 10)).toEqual([released]);

    const [entry] = recentAudit(t.db, 1);
    expect(entry).toMatchObject({
      action: "retention.hold_release",
      actorLabel: "releaser@example.com",
      actorUserId: releaser.id,
      target: `hold ${hold.id}: SEBI inquiry 2026/118`,
      before: { hold: hold.id, phone: "+919800000001", fromDay: "2026-10-01", toDay: "2026-10-31", reason: "SEBI inquiry 2026/118", placedAt: placedAt.toISOString(), placedBy: "placer@example.com" },
      after: { releasedBy: "releaser@example.com", releaseReason: "Inquiry closed by letter 2026/140" },
    });

    // Released once: a second release (another tab, a replayed request) changes nothing.
    expect(() => liftHold(t.db, placer, { id: hold.id, reason: "Again" }, now)).toThrow(new PrivacyError("That hold is not active."));
    expect(() => liftHold(t.db, placer, { id: 999, reason: "No such hold" }, now)).toThrow(new PrivacyError("That hold is not active."));
    expect(releasedHolds(t.db, 10)).toEqual([released]);
    expect(recentAudit(t.db, 1)[0]!.id).toBe(entry!.id);
  });

  it("lists released holds latest release first", () => {
    const holds = ["First", "Second", "Third"].map((reason) => placeHold(t.db, admin, { phone: "", fromDay: "2026-10-01", toDay: "", reason }, now));
    liftHold(t.db, admin, { id: holds[1]!.id, reason: "Done with the second" }, new Date(now.getTime() + 1000));
    liftHold(t.db, admin, { id: holds[0]!.id, reason: "Done with the first" }, new Date(now.getTime() + 2000));
    expect(releasedHolds(t.db, 10).map((hold) => hold.reason)).toEqual(["First", "Second"]);
    expect(releasedHolds(t.db, 1).map((hold) => hold.reason)).toEqual(["First"]);
    expect(activeHolds(t.db).map((hold) => hold.reason)).toEqual(["Third"]);
  });
});

describe("deleting messages", () => {
  // Each row linking to a deleted message is cleared or deleted by its foreign key's action, which
  // scans the whole linking table for every message unless an index leads with the link.
  const deletes = (run: () => void) => captureStatements(t.db, run).filter((statement) => /^delete from "messages"/i.test(statement.sql));

  it("finds the rows of every table linking to a message through an index, in a purge and an erasure", () => {
    // The purge deletes these few messages in one batch, before its first pause: all of it runs here.
    const statements = [...deletes(() => void purge(t.db, settings, admin, now)), ...deletes(() => eraseNumber(t.db, admin, "+919800000002", now))];
    expect(statements).toHaveLength(2);
    const links = foreignKeysTo(t.db, "messages");
    expect(links.map((link) => link.table)).toEqual(expect.arrayContaining(["campaign_recipients", "campaign_sends"]));
    for (const statement of statements) {
      const opened = indexesOpened(t.db, statement);
      for (const link of links) expect({ ...link, used: link.indexes.some((index) => opened.includes(index)) }).toMatchObject({ table: link.table, used: true });
    }
  });
});

describe("erasure by number", () => {
  it("deletes every message, event and the contact, and audits the request without the content", () => {
    // A refused webhook from the number and a failed send to it keep it in the error log; another number's entry stays.
    insertError(t.db, { at: now, source: "webhook.incoming", reason: "invalid URL token", detail: null, payload: { From: "whatsapp:+919800000002", Body: "my salary slip", WaId: "919800000002" } });
    insertError(t.db, { at: now, source: "outbound.send", reason: "send failed", detail: "to whatsapp:%2B919800000002: 63016", payload: null });
    insertError(t.db, { at: now, source: "webhook.incoming", reason: "invalid URL token", detail: null, payload: { From: "whatsapp:+919800000001" } });
    const result = eraseNumber(t.db, admin, "+91 98000 00002", now);
    expect(result).toEqual({ messages: 100, errorLog: 2, contact: "erased", kept: [] });
    expect(erasureSummary(result)).toBe("Erased 100 messages, 2 error-log entries and the contact record.");
    expect(everyRow("error_log")).not.toContain("919800000002");
    expect(everyRow("error_log")).toContain("919800000001");
    expect(findContactByPhone(t.db, "+919800000002")).toBeUndefined();
    expect(count("messages")).toBe(100);
    expect(count("status_events")).toBe(50);
    expect(verifyAggregates(t.db)).toEqual([]);
    const [entry] = recentAudit(t.db, 1);
    expect(entry).toMatchObject({ action: "privacy.erasure", target: numberReference("+919800000002"), after: { messages: 100, errorLog: 2, contact: "erased" } });
    expect(entry!.after).not.toHaveProperty("kept");
    expect(JSON.stringify(entry)).not.toContain("919800000002");
  });

  it("refuses while a legal hold protects the number or some of its days", () => {
    const hold = placeHold(t.db, admin, { phone: "+919800000001", fromDay: "", toDay: "", reason: "Litigation 2026/14" }, now);
    expect(() => eraseNumber(t.db, admin, "+919800000001", now)).toThrow(new PrivacyError("A legal hold protects this number: Litigation 2026/14"));
    liftHold(t.db, admin, { id: hold.id, reason: "Litigation settled" }, now);
    placeHold(t.db, admin, { phone: "", fromDay: "2026-11-01", toDay: "2026-11-02", reason: "Audit sample" }, now);
    expect(() => eraseNumber(t.db, admin, "+919800000001", now)).toThrow("A legal hold covers 2 of this number's messages: Audit sample");
    expect(count("messages")).toBe(200);
    // A hold is no fault of the number typed: no input to mark.
    expect(() => eraseNumber(t.db, admin, "+919800000001", now)).toThrow(expect.not.objectContaining({ field: expect.anything() }));
  });

  it("names the phone input when a hold or an erasure is given something that is not a number", () => {
    expect(() => placeHold(t.db, admin, { phone: "98000 00001", fromDay: "", toDay: "", reason: "Litigation 2026/14" }, now)).toThrow(expect.objectContaining({ field: "phone" }));
    expect(() => eraseNumber(t.db, admin, "hello", now)).toThrow(expect.objectContaining({ field: "phone" }));
    expect(count("legal_holds")).toBe(0);
    expect(count("messages")).toBe(200);
  });

  it("takes the number typed twice in any form the app reads a number in, spaced or not", () => {
    const pairs = [
      ["+919800000002", "+91 98000 00002"],
      ["+91 98000 00002", "+919800000002"],
      ["+91-98000-00002", "whatsapp:+919800000002"],
      ["+91 (98000) 00002", " +919800000002 "],
    ] as const;
    for (const [phone, confirm] of pairs) expect(checkErasureRequest({ phone, confirm }), `${phone} / ${confirm}`).toEqual({ phone: "+919800000002" });
    expect(requestErasure(t.db, admin, { phone: "+919800000002", confirm: "+91 98000 00002" }, now)).toEqual({ messages: 100, errorLog: 0, contact: "erased", kept: [] });
    expect(findContactByPhone(t.db, "+919800000002")).toBeUndefined();
  });

  it("marks the confirmation when it is another number or none, and the number when that is none", () => {
    expect(checkErasureRequest({ phone: "+919800000002", confirm: "+919800000020" })).toEqual({ refusal: { error: "Type the number again to confirm.", field: "confirm" }, problem: "confirmation differs" });
    expect(checkErasureRequest({ phone: "+919800000002", confirm: "" })).toMatchObject({ refusal: { field: "confirm" } });
    expect(checkErasureRequest({ phone: "+919800000002", confirm: "919800000002" })).toMatchObject({ refusal: { field: "confirm" } });
    expect(checkErasureRequest({ phone: "  ", confirm: "+919800000002" })).toEqual({ refusal: { error: "Enter the number to erase.", field: "phone" }, problem: "no number" });
    expect(checkErasureRequest({ phone: "12345", confirm: "12345" })).toEqual({
      refusal: { error: "“12345” is not a phone number in international format, e.g. +919812345678", field: "phone" },
      problem: "not a number",
    });
    expect(count("messages")).toBe(200);
  });

  it("logs a refused request by what was wrong, never by the numbers typed", () => {
    const logged = count("error_log");
    const attempts = [
      { phone: "+919800000002", confirm: "+919800000020" },
      { phone: "919800000002", confirm: "919800000002" },
      { phone: "+919800000002", confirm: "+91 98000 0002" },
    ];
    for (const attempt of attempts) expect(requestErasure(t.db, admin, attempt, now)).toHaveProperty("error");
    expect(count("error_log")).toBe(logged + 3);
    expect(everyRow("error_log")).not.toMatch(/9800000002|9800000020|98000 000/);
    expect(t.db.$client.prepare("select source || ': ' || detail from error_log where detail is not null order by id").pluck().all()).toEqual([
      "form.settings.erase: confirmation differs",
      "form.settings.erase: not a number",
      "form.settings.erase: confirmation differs",
    ]);
    expect(count("messages")).toBe(200);
  });

  describe("of a number that opted out or is blocked", () => {
    const PHONE = "+919800000003";
    const FROM = "whatsapp:+14155238886";
    const webhook = { settings: { incomingEnabled: true, dailyLimit: 50, cooldownSeconds: 0, replies: { ...DEFAULT_REPLIES } }, rules: [] };
    const receive = (body: string, at: Date) => receiveMessage(t.db, readInbound(inboundParams({ From: `whatsapp:${PHONE}`, ProfileName: "Meera", Body: body })), webhook, at);
    const template = { kind: "template", contentSid: `HX${"a".repeat(32)}`, variables: { 1: "Meera" } } as const;
    const messagesOf = () => (t.db.$client.prepare("select count(*) as n from messages where from_address like ? or to_address like ?").get(`%${PHONE}`, `%${PHONE}`) as { n: number }).n;

    it("keeps the opt-out on a contact stripped of everything else, so the send queue and campaigns still skip them", () => {
      const stoppedAt = new Date(now.getTime() - 60_000);
      receive("hello", new Date(stoppedAt.getTime() - 60_000));
      receive("STOP", stoppedAt);
      const result = eraseNumber(t.db, admin, PHONE, now);

      expect(result).toEqual({ messages: 4, errorLog: 0, contact: "reduced", kept: ["opt-out"] });
      expect(erasureSummary(result)).toBe("Erased 4 messages, 0 error-log entries and the contact's details; kept the opt-out so it is still honoured.");
      expect(messagesOf()).toBe(0);
      expect(findContactByPhone(t.db, PHONE)).toMatchObject({ phone: PHONE, optedOut: true, optedOutAt: stoppedAt, blocked: false, profileName: null, waId: null, lastInboundAt: null, inboundDay: null, inboundDayCount: 0, lastAutoReplyAt: null, createdAt: now });
      expect(verifyAggregates(t.db)).toEqual([]);
      const [entry] = recentAudit(t.db, 1);
      expect(entry).toMatchObject({ action: "privacy.erasure", after: { messages: 4, contact: "reduced", kept: ["opt-out"], why: "kept the opt-out so it is still honoured" } });
      expect(JSON.stringify(entry)).not.toContain("919800000003");

      expect(enqueueMessage(t.db, { phone: PHONE, from: FROM, content: template, sentByUserId: null }, now)).toMatchObject({ queued: false, reason: expect.stringContaining("opted out") });
      insertEmployee(t.db, { name: "Meera", employeeCode: "E3", phone: PHONE, department: "Equity", managerId: null, approver: false, active: true }, now);
      expect(previewAudience(t.db, { audience: { kind: "everyone" }, body: "", contentSid: template.contentSid }, now)).toMatchObject({ ok: true, preview: { total: 1, optedOut: 1, willReceive: 0 } });
    });

    it("keeps the block, so the number stays on the block list and its next message is flagged and unanswered", () => {
      setNumberBlocked(t.db, admin, PHONE, true, now);
      receive("hello", now);
      const result = eraseNumber(t.db, admin, PHONE, now);

      expect(result).toEqual({ messages: 1, errorLog: 0, contact: "reduced", kept: ["block"] });
      expect(erasureSummary(result)).toBe("Erased 1 message, 0 error-log entries and the contact's details; kept the block so it is still honoured.");
      expect(findContactByPhone(t.db, PHONE)).toMatchObject({ blocked: true, optedOut: false, profileName: null, waId: null, lastInboundAt: null, inboundDayCount: 0 });
      expect(listBlocked(t.db).map((contact) => contact.phone)).toContain(PHONE);

      expect(receive("HELP", new Date(now.getTime() + 1000))).toMatchObject({ reply: null, message: { flag: "blocked" } });
      expect(enqueueMessage(t.db, { phone: PHONE, from: FROM, content: template, sentByUserId: null }, now)).toMatchObject({ queued: false, reason: "This number is blocked." });
    });

    it("keeps both when both are set, and says so", () => {
      receive("STOP", now);
      setNumberBlocked(t.db, admin, PHONE, true, now);
      const result = eraseNumber(t.db, admin, PHONE, now);
      expect(result.kept).toEqual(["opt-out", "block"]);
      expect(erasureSummary(result)).toMatch(/; kept the opt-out and the block so they are still honoured\.$/);
      expect(findContactByPhone(t.db, PHONE)).toMatchObject({ optedOut: true, blocked: true, profileName: null });
    });

    it("reports only what it erased when the number has no contact record", () => {
      insertError(t.db, { at: now, source: "webhook.incoming", reason: "invalid URL token", detail: null, payload: { From: `whatsapp:${PHONE}` } });
      const result = eraseNumber(t.db, admin, PHONE, now);
      expect(result).toEqual({ messages: 0, errorLog: 1, contact: "none", kept: [] });
      expect(erasureSummary(result)).toBe("Erased 0 messages and 1 error-log entry.");
      expect(recentAudit(t.db, 1)[0]).toMatchObject({ after: { contact: "none" } });
    });
  });
});
