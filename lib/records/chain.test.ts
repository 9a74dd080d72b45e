import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureContact } from "@/db/queries/contacts";
import { assignSidToOutbound, insertMessage } from "@/db/queries/messages";
import { chainWalk, sealUnsealed, VERIFY_BATCH } from "@/db/queries/chain";
import { tempDb, type TempDb } from "@/tests/support/db";
import { recordAudit } from "@/lib/audit";
import { eraseNumber, liftHold, placeHold } from "@/lib/retention/privacy";
import { purge } from "@/lib/retention/purge";
import { verifyRecords, verifyRecordsInTurns } from "./verify";

let t: TempDb;
const now = new Date("2026-11-25T12:00:00Z");
const DAY = 86_400_000;
const admin = { id: null, label: "admin@example.com" };

beforeEach(() => {
  t = tempDb();
  const a = ensureContact(t.db, "+919800000001", now).id;
  const b = ensureContact(t.db, "+919800000002", now).id;
  for (let day = 0; day < 40; day++) {
    for (const contactId of [a, b]) {
      const at = new Date(now.getTime() - (40 - day) * DAY);
      insertMessage(t.db, { direction: "inbound", fromAddress: "whatsapp:+1", toAddress: "whatsapp:+2", contactId, body: `day ${day}`, status: "received", createdAt: at, updatedAt: at });
    }
    recordAudit(t.db, admin, "settings.update", { after: { day } });
  }
});
afterEach(() => t.close());

const broken = () => verifyRecords(t.db).chains.map((chain) => chain.firstBroken);

describe("tamper-evident records", () => {
  it("proves untouched records intact, status changes included", () => {
    t.db.$client.prepare("update messages set status = 'read', handled_at = 1 where id % 3 = 0").run();
    const report = verifyRecords(t.db);
    expect(report.intact).toBe(true);
    expect(report.chains.map((chain) => chain.rows)).toEqual([40, 80]);
  });

  it("stays intact when an outbound message gets its SID from Twilio after being sealed", () => {
    const inbound = insertMessage(t.db, { messageSid: "SM".padEnd(34, "a"), direction: "inbound", fromAddress: "whatsapp:+1", toAddress: "whatsapp:+2", body: "HELP", status: "received", createdAt: now, updatedAt: now });
    const reply = insertMessage(t.db, { direction: "outbound", fromAddress: "whatsapp:+2", toAddress: "whatsapp:+1", body: "Commands…", status: "queued", replyToId: inbound.id, createdAt: now, updatedAt: now });
    assignSidToOutbound(t.db, reply.id, "SM".padEnd(34, "b"), now);
    expect(broken()).toEqual([null, null]);
    // An inbound message's SID is what Twilio gave it on arrival: changing it is tampering.
    t.db.$client.prepare("update messages set message_sid = ? where id = ?").run("SM".padEnd(34, "c"), inbound.id);
    expect(broken()[1]).toEqual({ id: inbound.id, problem: "row content does not match its hash (altered)" });
  });

  it("names an altered message body", () => {
    t.db.$client.prepare("update messages set body = 'nothing to see' where id = 17").run();
    expect(broken()).toEqual([null, { id: 17, problem: "row content does not match its hash (altered)" }]);
  });

  it("refuses to change or delete audit entries, and names one altered behind the database's back", () => {
    expect(() => t.db.$client.prepare(`update audit_log set after = '{"day":99}' where id = 5`).run()).toThrow("audit_log is append-only");
    expect(() => t.db.$client.prepare("delete from audit_log where id = 5").run()).toThrow("audit_log is append-only");
    // Someone with the file drops the guard first; the chain still tells.
    t.db.$client.exec("drop trigger audit_log_no_update");
    t.db.$client.prepare(`update audit_log set after = '{"day":99}' where id = 5`).run();
    expect(broken()[0]).toEqual({ id: 5, problem: "row content does not match its hash (altered)" });
  });

  it("names the row after one deleted behind the chain's back", () => {
    t.db.$client.prepare("delete from messages where id = 30").run();
    expect(broken()[1]).toEqual({ id: 31, problem: "row does not follow the previous row (a row was removed or inserted)" });
  });

  it("reads purges and erasures as legitimate, holes from legal holds included", async () => {
    const hold = placeHold(t.db, admin, { phone: "", fromDay: "2026-10-20", toDay: "2026-10-22", reason: "Sample kept" }, now);
    await purge(t.db, { retentionDays: 20, retentionFloorDays: 1, errorLogDays: 1, statusEventDays: 1 }, admin, now, 7);
    expect(verifyRecords(t.db).intact).toBe(true);
    liftHold(t.db, admin, { id: hold.id, reason: "Sample no longer needed" }, now);
    eraseNumber(t.db, admin, "+919800000002", now);
    const report = verifyRecords(t.db);
    expect(report.chains[1]?.rows).toBeLessThan(40);
    expect(report.chains[1]?.gapsBridged).toBeGreaterThan(0);
    expect(report.intact).toBe(true);
  });

  it("seals rows written without a hash, in order", () => {
    t.db.$client.prepare("update messages set hash = null, prev_hash = null where id > 60").run();
    expect(broken()[1]).toMatchObject({ id: 61 });
    expect(sealUnsealed(t.db, "messages", 7)).toBe(20);
    expect(verifyRecords(t.db).intact).toBe(true);
  });

  it("walks in batches: an erasure between two of them reads as legitimate, a deletion behind its back does not", () => {
    const walk = chainWalk(t.db, "messages", 7);
    walk.next();
    walk.next();
    // Rows the walk has not reached yet leave the chain legitimately, their gap recorded after it began.
    eraseNumber(t.db, admin, "+919800000002", now);
    let step = walk.next();
    while (!step.done) step = walk.next();
    expect(step.value).toMatchObject({ firstBroken: null });
    expect(step.value.gapsBridged).toBeGreaterThan(0);

    const second = chainWalk(t.db, "messages", 7);
    second.next();
    t.db.$client.prepare("delete from messages where id = (select max(id) from messages)").run();
    t.db.$client.prepare("delete from messages where id = (select min(id) from messages where id > 40)").run();
    let next = second.next();
    while (!next.done) next = second.next();
    expect(next.value.firstBroken?.problem).toBe("row does not follow the previous row (a row was removed or inserted)");
  });

  it("starts again rather than report tampering when a purge removes rows on both sides of where the walk stands", async () => {
    const walk = chainWalk(t.db, "messages", 7);
    for (let i = 0; i < 3; i++) walk.next();
    // Deletes the oldest ~40 messages, 10 at a time: some the walk has checked, some it has not
    // reached, in runs whose recorded gaps start behind the walk (it stands at row 21).
    await purge(t.db, { retentionDays: 20, retentionFloorDays: 1, errorLogDays: 1, statusEventDays: 1 }, admin, now, 10);
    let step = walk.next();
    while (!step.done) step = walk.next();
    expect(step.value.firstBroken).toBeNull();
    // It started again: only the rows left were walked.
    expect(step.value.rows).toBe(t.db.$client.prepare("select count(*) from messages").pluck().get());
  });

  it("verifies inside the server in turns, letting other work run between batches, with the same report", async () => {
    const contactId = ensureContact(t.db, "+919800000003", now).id;
    t.db.$client.transaction(() => {
      for (let i = 0; i < VERIFY_BATCH * 2; i++) insertMessage(t.db, { direction: "inbound", fromAddress: "whatsapp:+3", toAddress: "whatsapp:+2", contactId, body: `bulk ${i}`, status: "received", createdAt: now, updatedAt: now });
    })();
    let turns = 0;
    const ticking = setInterval(() => turns++, 0);
    const inTurns = await verifyRecordsInTurns(t.db);
    clearInterval(ticking);
    expect(turns).toBeGreaterThan(0);
    expect(inTurns).toEqual(verifyRecords(t.db));
    expect(inTurns.chains[1]!.rows).toBe(80 + VERIFY_BATCH * 2);
  });
});
