import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedLarge } from "@/db/seed-large";
import { tempDb, type TempDb } from "@/tests/support/db";
import { inboundParams, messageSid, statusParams } from "@/tests/support/twilio-fixtures";
import { DEFAULT_REPLIES } from "@/lib/commands/replies";
import { claimNextJob, completeJob, enqueueMessage } from "@/lib/outbound/queue";
import { readInbound } from "@/lib/twilio/inbound";
import { readStatusCallback } from "@/lib/twilio/status";
import { receiveMessage } from "@/lib/webhooks/incoming";
import { recordStatus } from "@/lib/webhooks/status";
import { verifyAggregates } from "./verify";

let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.close());

const config = { settings: { incomingEnabled: true, dailyLimit: 50, cooldownSeconds: 0, replies: { ...DEFAULT_REPLIES } }, rules: [] };

describe("analytics aggregates", () => {
  it("equal a full recount after seeding, webhooks, sends, status changes and a purge", () => {
    seedLarge(t.db, { messages: 3000, numbers: 50, now: new Date() });
    expect(verifyAggregates(t.db)).toEqual([]);

    for (const body of ["HELP", "STATUS", "STOP", "random words"]) receiveMessage(t.db, readInbound(inboundParams({ Body: body, From: "whatsapp:+919811110000" })), config);
    receiveMessage(t.db, readInbound(inboundParams({ Body: "hi", From: "whatsapp:+919811110001" })), config);
    const queued = enqueueMessage(t.db, { phone: "+919811110001", from: "whatsapp:+14155238886", content: { kind: "text", body: "hello" }, sentByUserId: null });
    if (!queued.queued) throw new Error("expected queued");
    const claimed = claimNextJob(t.db)!;
    const sid = messageSid();
    completeJob(t.db, claimed.job.id, { sid, status: "queued" });
    const base = Date.now();
    recordStatus(t.db, readStatusCallback(statusParams(sid, "sent")), null, new Date(base + 1000));
    recordStatus(t.db, readStatusCallback(statusParams(sid, "delivered")), null, new Date(base + 3000));
    recordStatus(t.db, readStatusCallback(statusParams(sid, "read")), null, new Date(base + 4000));
    const failing = enqueueMessage(t.db, { phone: "+919811110001", from: "whatsapp:+14155238886", content: { kind: "text", body: "second" }, sentByUserId: null });
    const failingSid = messageSid();
    completeJob(t.db, claimNextJob(t.db)!.job.id, { sid: failingSid, status: "queued" });
    recordStatus(t.db, readStatusCallback(statusParams(failingSid, "failed", { ErrorCode: "63016" })), null);
    expect(failing.queued).toBe(true);
    // Latency runs from the first "sent" report to the first delivery report.
    expect(t.db.$client.prepare("select delivered_at - sent_at as latency from messages where message_sid = ?").get(sid)).toEqual({ latency: 2000 });
    expect(t.db.$client.prepare("select sum(count) as n from error_counts where error_code = 63016").get()).toMatchObject({ n: expect.any(Number) });
    expect(verifyAggregates(t.db)).toEqual([]);

    // A retention purge deletes in batches; the aggregates follow every deleted row.
    t.db.$client.prepare("delete from messages where id in (select id from messages order by created_at limit 1200)").run();
    t.db.$client.prepare("update messages set contact_id = null where id in (select id from messages where direction = 'inbound' limit 10)").run();
    expect(verifyAggregates(t.db)).toEqual([]);
  });

  it("names a tampered or drifted row", () => {
    seedLarge(t.db, { messages: 500, numbers: 10, now: new Date() });
    t.db.$client.prepare("update message_counts set count = count + 1 where rowid = (select min(rowid) from message_counts)").run();
    const mismatches = verifyAggregates(t.db);
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0]).toMatchObject({ table: "message_counts" });
    expect(mismatches[0]!.stored - mismatches[0]!.recounted).toBe(1);
  });
});
