import { and, asc, eq, inArray, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { outboundJobs, type OutboundJob } from "../schema";
import { perConnection } from "./prepared";

export type NewOutboundJob = typeof outboundJobs.$inferInsert;

export function insertJob(db: Db, job: NewOutboundJob): OutboundJob {
  return db.insert(outboundJobs).values(job).returning().get();
}

/** The next job due: pending and due, or abandoned mid-send by a crashed worker (lease expired). */
export function nextDueJob(db: Db, now: Date): OutboundJob | undefined {
  return db
    .select()
    .from(outboundJobs)
    .where(or(and(eq(outboundJobs.state, "pending"), lte(outboundJobs.nextAttemptAt, now)), and(eq(outboundJobs.state, "sending"), lt(outboundJobs.leaseUntil, now))))
    .orderBy(asc(outboundJobs.nextAttemptAt), asc(outboundJobs.id))
    .limit(1)
    .get();
}

/** Takes the job only if nobody else changed it since it was read (compare-and-set on state and lease). */
export function leaseJob(db: Db, job: OutboundJob, now: Date, leaseUntil: Date): boolean {
  const sameLease = job.leaseUntil === null ? undefined : eq(outboundJobs.leaseUntil, job.leaseUntil);
  return (
    db
      .update(outboundJobs)
      .set({ state: "sending", leaseUntil, attempts: job.attempts + 1, firstAttemptAt: job.firstAttemptAt ?? now, updatedAt: now })
      .where(and(eq(outboundJobs.id, job.id), eq(outboundJobs.state, job.state), ...(sameLease ? [sameLease] : [])))
      .run().changes === 1
  );
}

/** Extends a lease its holder still has (same state and lease); false when the job moved on meanwhile. */
export function extendLease(db: Db, job: OutboundJob, now: Date, leaseUntil: Date): boolean {
  if (job.leaseUntil === null) return false;
  return (
    db
      .update(outboundJobs)
      .set({ leaseUntil, updatedAt: now })
      .where(and(eq(outboundJobs.id, job.id), eq(outboundJobs.state, "sending"), eq(outboundJobs.leaseUntil, job.leaseUntil)))
      .run().changes === 1
  );
}

export function updateJob(db: Db, id: number, change: Partial<Omit<OutboundJob, "id" | "messageId" | "idempotencyKey" | "createdAt">> & { updatedAt: Date }): void {
  db.update(outboundJobs).set(change).where(eq(outboundJobs.id, id)).run();
}

// Status callbacks for sent jobs run these: prepared once per connection.
const statements = perConnection((db) => ({
  byKey: db.select().from(outboundJobs).where(eq(outboundJobs.idempotencyKey, sql.placeholder("key"))).prepare(),
  settle: db
    .update(outboundJobs)
    .set({ state: "sent", leaseUntil: null, updatedAt: sql`${sql.placeholder("at")}` })
    .where(and(eq(outboundJobs.messageId, sql.placeholder("messageId")), inArray(outboundJobs.state, ["pending", "sending", "unconfirmed"])))
    .prepare(),
}));

export function findJobByKey(db: Db, key: string): OutboundJob | undefined {
  return statements(db).byKey.get({ key });
}

export function findJobById(db: Db, id: number): OutboundJob | undefined {
  return db.select().from(outboundJobs).where(eq(outboundJobs.id, id)).get();
}

export function findJobForMessage(db: Db, messageId: number): OutboundJob | undefined {
  return db.select().from(outboundJobs).where(eq(outboundJobs.messageId, messageId)).get();
}

/** Marks a message's unsettled job as sent (its SID is known now), including one the queue gave up on unconfirmed. */
export function settleJobForMessage(db: Db, messageId: number, now: Date): void {
  statements(db).settle.run({ messageId, at: now.getTime() });
}
