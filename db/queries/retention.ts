import { and, desc, eq, isNotNull, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "../client";
import { recordGaps } from "./chain";
import { contacts, errorLog, legalHolds, messages, statusEvents, type Contact, type LegalHold } from "../schema";

/** A message is held when an active hold names its number, its day, or both. */
const held = sql`exists (
  select 1 from ${legalHolds} h
  where h.released_at is null
    and (h.phone is null or h.phone = (select ${contacts.phone} from ${contacts} where ${contacts.id} = ${messages.contactId}))
    and (h.from_day is null or ${messages.createdAt} >= unixepoch(h.from_day) * 1000)
    and (h.to_day is null or ${messages.createdAt} < (unixepoch(h.to_day) + 86400) * 1000)
)`;

/** The oldest messages past the cutoff that no hold protects, one batch (oldest first, on the created_at index). */
export function purgeableMessageIds(db: Db, cutoff: Date, limit: number): number[] {
  return db
    .select({ id: messages.id })
    .from(messages)
    .where(and(lt(messages.createdAt, cutoff), sql`not ${held}`))
    .orderBy(messages.createdAt, messages.id)
    .limit(limit)
    .all()
    .map((row) => row.id);
}

export function countPurgeableMessages(db: Db, cutoff: Date): { purgeable: number; held: number } {
  const row = db
    .select({ purgeable: sql<number>`sum(not ${held})`, held: sql<number>`sum(${held})` })
    .from(messages)
    .where(lt(messages.createdAt, cutoff))
    .get();
  return { purgeable: Number(row?.purgeable ?? 0), held: Number(row?.held ?? 0) };
}

/** Deletes messages after recording the chain gaps they leave, so the deletion reads as legitimate. */
export function deleteMessagesById(db: Db, ids: number[], reason = "retention purge"): number {
  if (ids.length === 0) return 0;
  recordGaps(db, "messages", ids, reason, new Date());
  return db.run(sql`delete from ${messages} where ${messages.id} in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`).changes;
}

export function deleteOldErrors(db: Db, cutoff: Date, limit: number): number {
  return db.run(sql`delete from ${errorLog} where ${errorLog.id} in (select ${errorLog.id} from ${errorLog} where ${errorLog.at} < ${cutoff.getTime()} limit ${limit})`).changes;
}

export function countOldErrors(db: Db, cutoff: Date): number {
  return db.select({ n: sql<number>`count(*)` }).from(errorLog).where(lt(errorLog.at, cutoff)).get()?.n ?? 0;
}

export function deleteOldStatusEvents(db: Db, cutoff: Date, limit: number): number {
  return db.run(sql`delete from ${statusEvents} where ${statusEvents.id} in (select ${statusEvents.id} from ${statusEvents} where ${statusEvents.receivedAt} < ${cutoff.getTime()} limit ${limit})`).changes;
}

export function countOldStatusEvents(db: Db, cutoff: Date): number {
  return db.select({ n: sql<number>`count(*)` }).from(statusEvents).where(lt(statusEvents.receivedAt, cutoff)).get()?.n ?? 0;
}

export function activeHolds(db: Db): LegalHold[] {
  return db.select().from(legalHolds).where(isNull(legalHolds.releasedAt)).orderBy(desc(legalHolds.createdAt)).all();
}

export function holdsForNumber(db: Db, phone: string): LegalHold[] {
  return db.select().from(legalHolds).where(and(isNull(legalHolds.releasedAt), eq(legalHolds.phone, phone))).all();
}

export function insertHold(db: Db, values: Pick<LegalHold, "phone" | "fromDay" | "toDay" | "reason" | "createdByUserId" | "createdByLabel">, at: Date): LegalHold {
  return db.insert(legalHolds).values({ ...values, createdAt: at }).returning().get();
}

/** Released holds, the latest release first (index on released_at). */
export function releasedHolds(db: Db, limit: number): LegalHold[] {
  return db.select().from(legalHolds).where(isNotNull(legalHolds.releasedAt)).orderBy(desc(legalHolds.releasedAt), desc(legalHolds.id)).limit(limit).all();
}

export function findHold(db: Db, id: number): LegalHold | undefined {
  return db.select().from(legalHolds).where(eq(legalHolds.id, id)).get();
}

/** Marks an active hold released (the row stays); false when it was not active. */
export function releaseHold(db: Db, id: number, release: { byUserId: number | null; byLabel: string; reason: string; at: Date }): boolean {
  return (
    db
      .update(legalHolds)
      .set({ releasedAt: release.at, releasedByUserId: release.byUserId, releasedByLabel: release.byLabel, releaseReason: release.reason })
      .where(and(eq(legalHolds.id, id), isNull(legalHolds.releasedAt)))
      .run().changes === 1
  );
}

export function messageIdsOfContact(db: Db, contactId: number): number[] {
  return db.select({ id: messages.id }).from(messages).where(eq(messages.contactId, contactId)).all().map((row) => row.id);
}

export function deleteContact(db: Db, id: number): void {
  db.delete(contacts).where(eq(contacts.id, id)).run();
}

/**
 * Replaces a contact row with a bare one that keeps only the number, the opt-out (with its time) and
 * the block, dated at the erasure (when the number first wrote is personal too): a new row rather
 * than an update, so a column added later is dropped by default instead of surviving an erasure
 * because nobody listed it here.
 */
export function reduceContactToFlags(db: Db, contact: Contact, at: Date): Contact {
  db.delete(contacts).where(eq(contacts.id, contact.id)).run();
  return db
    .insert(contacts)
    .values({ phone: contact.phone, channel: contact.channel, optedOut: contact.optedOut, optedOutAt: contact.optedOutAt, blocked: contact.blocked, createdAt: at, updatedAt: at })
    .returning()
    .get();
}

export function countHeldMessagesOfContact(db: Db, contactId: number): number {
  return db.select({ n: sql<number>`count(*)` }).from(messages).where(and(eq(messages.contactId, contactId), held)).get()?.n ?? 0;
}
