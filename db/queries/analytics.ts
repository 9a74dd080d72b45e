import { and, desc, eq, gte, lt, sql, sum } from "drizzle-orm";
import type { Db } from "../client";
import { contacts, dailySenders, errorCounts, hourlyCounts, latencyCounts, messageCounts, statusCounts } from "../schema";

const DAY_MS = 86_400_000;

/** [from, to) in milliseconds; day-keyed models cover the UTC days the range touches. */
export interface Range {
  from: number;
  to: number;
}

type DayColumn = typeof messageCounts.day | typeof statusCounts.day | typeof errorCounts.day | typeof dailySenders.day | typeof latencyCounts.day;
const inDays = (column: DayColumn, range: Range) => and(gte(column, Math.floor(range.from / DAY_MS)), lt(column, Math.ceil(range.to / DAY_MS)));
const total = (value: unknown) => Number(value ?? 0);

/** Messages per hour by direction (short periods: at most 48 hours × 2 rows). */
export function hourlyVolume(db: Db, range: Range): { start: number; direction: string; count: number }[] {
  return db
    .select({ start: hourlyCounts.hour, direction: hourlyCounts.direction, count: hourlyCounts.count })
    .from(hourlyCounts)
    .where(and(gte(hourlyCounts.hour, range.from), lt(hourlyCounts.hour, range.to)))
    .all();
}

/** Messages per day by direction (longer periods: at most 366 days × 2 rows). */
export function dailyVolume(db: Db, range: Range): { start: number; direction: string; count: number }[] {
  return db
    .select({ day: messageCounts.day, direction: messageCounts.direction, count: sum(messageCounts.count) })
    .from(messageCounts)
    .where(inDays(messageCounts.day, range))
    .groupBy(messageCounts.day, messageCounts.direction)
    .all()
    .map((row) => ({ start: row.day * DAY_MS, direction: row.direction, count: total(row.count) }));
}

/** Inbound messages by command, and outbound by kind (reply / message). */
export function countsByKind(db: Db, range: Range): { direction: string; kind: string; count: number }[] {
  return db
    .select({ direction: messageCounts.direction, kind: messageCounts.kind, count: sum(messageCounts.count) })
    .from(messageCounts)
    .where(inDays(messageCounts.day, range))
    .groupBy(messageCounts.direction, messageCounts.kind)
    .all()
    .map((row) => ({ direction: row.direction, kind: row.kind, count: total(row.count) }));
}

/** Outbound messages created in the range, by their current status. */
export function statusTotals(db: Db, range: Range): Map<string, number> {
  const rows = db
    .select({ status: statusCounts.status, count: sum(statusCounts.count) })
    .from(statusCounts)
    .where(inDays(statusCounts.day, range))
    .groupBy(statusCounts.status)
    .all();
  return new Map(rows.map((row) => [row.status, total(row.count)]));
}

export function topErrors(db: Db, range: Range, limit: number): { errorCode: number; count: number }[] {
  return db
    .select({ errorCode: errorCounts.errorCode, count: sum(errorCounts.count).mapWith(Number) })
    .from(errorCounts)
    .where(inDays(errorCounts.day, range))
    .groupBy(errorCounts.errorCode)
    .orderBy(desc(sql`2`))
    .limit(limit)
    .all();
}

/**
 * Distinct senders over the days the range touches: one index probe per contact on
 * (contact_id, day), cheaper than collecting a year of (day, contact) pairs.
 */
export function uniqueSenders(db: Db, range: Range): number {
  const from = Math.floor(range.from / DAY_MS);
  const to = Math.ceil(range.to / DAY_MS);
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(contacts)
      .where(sql`exists (select 1 from ${dailySenders} where ${dailySenders.contactId} = ${contacts.id} and ${dailySenders.day} >= ${from} and ${dailySenders.day} < ${to})`)
      .get()?.n ?? 0
  );
}

/**
 * People who opted out in the range and still are: the contacts' own opt-out time, so a repeated
 * STOP counts once and one who came back with START not at all. Contacts are few next to messages.
 */
export function optedOutPeople(db: Db, range: Range): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(contacts)
      .where(and(eq(contacts.optedOut, true), gte(contacts.optedOutAt, new Date(range.from)), lt(contacts.optedOutAt, new Date(range.to))))
      .get()?.n ?? 0
  );
}

/** The sent → delivered latency histogram (bucket upper bounds in seconds; 0 = over a day). */
export function latencyHistogram(db: Db, range: Range): { bucket: number; count: number }[] {
  return db
    .select({ bucket: latencyCounts.bucket, count: sum(latencyCounts.count).mapWith(Number) })
    .from(latencyCounts)
    .where(inDays(latencyCounts.day, range))
    .groupBy(latencyCounts.bucket)
    .all();
}

export function countOnDay(db: Db, day: number, direction: "inbound" | "outbound"): number {
  return total(db.select({ n: sum(messageCounts.count) }).from(messageCounts).where(and(eq(messageCounts.day, day), eq(messageCounts.direction, direction))).get()?.n);
}
