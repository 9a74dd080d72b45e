import { and, desc, eq, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { errorLog, type ErrorLogEntry } from "../schema";

export function insertError(db: Db, entry: Omit<ErrorLogEntry, "id">): void {
  db.insert(errorLog).values(entry).run();
}

/**
 * Deletes the entries that name a number anywhere in their detail or stored request, in any of the
 * forms it takes there (+E.164, whatsapp:+…, %2B…, a bare WaId): matched on its digits.
 */
export function deleteErrorsMentioning(db: Db, digits: string): number {
  return db
    .delete(errorLog)
    .where(sql`instr(coalesce(${errorLog.detail}, ''), ${digits}) > 0 or instr(coalesce(${errorLog.payload}, ''), ${digits}) > 0`)
    .run().changes;
}

export function recentErrors(db: Db, limit: number): ErrorLogEntry[] {
  return db.select().from(errorLog).orderBy(desc(errorLog.at), desc(errorLog.id)).limit(limit).all();
}

export interface ErrorFilter {
  source?: string;
  reason?: string;
  /** Keyset cursor: entries strictly older than this (at, id). */
  before?: { at: Date; id: number };
}

/** Newest first, filtered, one page past a keyset cursor (indexes: at, and source+at). */
export function errorPage(db: Db, filter: ErrorFilter, limit: number): ErrorLogEntry[] {
  const conditions: SQL[] = [];
  if (filter.source) conditions.push(eq(errorLog.source, filter.source));
  if (filter.reason) conditions.push(eq(errorLog.reason, filter.reason));
  if (filter.before) {
    const { at, id } = filter.before;
    conditions.push(or(lt(errorLog.at, at), and(eq(errorLog.at, at), lt(errorLog.id, id)))!);
  }
  return db
    .select()
    .from(errorLog)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(errorLog.at), desc(errorLog.id))
    .limit(limit)
    .all();
}

/** The sources and reasons seen, for the filter menus (small: one row per distinct pair). */
export function errorKinds(db: Db): { source: string; reason: string }[] {
  return db.selectDistinct({ source: errorLog.source, reason: errorLog.reason }).from(errorLog).orderBy(errorLog.source, errorLog.reason).limit(500).all();
}
