import { and, asc, desc, eq, gt, gte, inArray, like, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { sealRow } from "./chain";
import { auditLog, employees, type AuditEntry } from "../schema";

export type NewAuditEntry = Omit<AuditEntry, "id" | "kind">;

export function insertAudit(db: Db, entry: Omit<NewAuditEntry, "prevHash" | "hash">): void {
  const id = Number(db.insert(auditLog).values(entry).run().lastInsertRowid);
  sealRow(db, "audit_log", id);
}

export function recentAudit(db: Db, limit: number, actionPrefix?: string): AuditEntry[] {
  return db
    .select()
    .from(auditLog)
    .where(actionPrefix ? like(auditLog.action, `${actionPrefix}%`) : undefined)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit)
    .all();
}

export function recentAuditForActions(db: Db, actionPrefixes: string[], limit: number): AuditEntry[] {
  return db
    .select()
    .from(auditLog)
    .where(or(...actionPrefixes.map((prefix) => like(auditLog.action, `${prefix}%`))))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit)
    .all();
}

/** Who did it: one user account, the server itself, an employee answering on WhatsApp, or an operator's command. */
export type AuditActor = { userId: number } | "system" | "whatsapp" | "command";

export interface AuditFilter {
  /** The action's prefix up to its first dot, e.g. "auth.". */
  kind?: string;
  actor?: AuditActor;
  /** Inclusive start and exclusive end of the time range. */
  from?: Date;
  to?: Date;
}

export interface AuditCursor {
  at: Date;
  id: number;
}

// Literals, not bound values, and written as the partial indexes' WHERE clauses are (migration
// 0019): SQLite uses a partial index only for a query that repeats its terms.
const BY_SYSTEM = sql`${auditLog.actorUserId} is null and ${auditLog.actorLabel} = 'system'`;
const BY_WHATSAPP = sql`${auditLog.actorUserId} is null and ${auditLog.actorLabel} like '% via WhatsApp'`;
const BY_COMMAND_LINE = sql`${auditLog.actorUserId} is null and ${auditLog.actorLabel} like 'command line%'`;

function conditions(filter: AuditFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.kind) where.push(eq(auditLog.kind, filter.kind));
  if (filter.actor === "system") where.push(BY_SYSTEM);
  else if (filter.actor === "whatsapp") where.push(BY_WHATSAPP);
  else if (filter.actor === "command") where.push(BY_COMMAND_LINE);
  else if (filter.actor) where.push(eq(auditLog.actorUserId, filter.actor.userId));
  if (filter.from) where.push(gte(auditLog.at, filter.from));
  if (filter.to) where.push(lt(auditLog.at, filter.to));
  return where;
}

// The bare `at <=` / `at >=` bound is what lets SQLite start reading the index at the cursor; the OR
// alone would be checked row by row from the newest entry, a cost that grows with every page.
const older = (cursor: AuditCursor) => and(lte(auditLog.at, cursor.at), or(lt(auditLog.at, cursor.at), lt(auditLog.id, cursor.id)))!;
const newer = (cursor: AuditCursor) => and(gte(auditLog.at, cursor.at), or(gt(auditLog.at, cursor.at), gt(auditLog.id, cursor.id)))!;

export interface AuditPage {
  entries: AuditEntry[];
  /** Cursor for the next older page, when there is one. */
  older: AuditCursor | null;
  /** Cursor for the next newer page, when there is one. */
  newer: AuditCursor | null;
}

/**
 * One page of the audit trail, newest first, by keyset on (at, id) like the inbox: no OFFSET, so
 * the thousandth page costs what the first does and entries written meanwhile shift nothing.
 * `before` pages to older entries, `after` back to newer ones.
 */
export function auditPage(db: Db, filter: AuditFilter & { before?: AuditCursor; after?: AuditCursor }, limit: number): AuditPage {
  const where = conditions(filter);
  const goingBack = Boolean(filter.after && !filter.before);
  const fetched = db
    .select()
    .from(auditLog)
    .where(and(...where, ...(filter.before ? [older(filter.before)] : []), ...(goingBack && filter.after ? [newer(filter.after)] : [])))
    .orderBy(...(goingBack ? [asc(auditLog.at), asc(auditLog.id)] : [desc(auditLog.at), desc(auditLog.id)]))
    .limit(limit + 1)
    .all();
  const more = fetched.length > limit;
  const entries = goingBack ? fetched.slice(0, limit).reverse() : fetched.slice(0, limit);
  const first = entries[0];
  const last = entries.at(-1);
  if (!first || !last) return { entries, older: null, newer: null };
  // The extra row answers for the direction fetched; the other needs a probe, made only after a cursor.
  const exists = (bound: SQL) => Boolean(db.select({ id: auditLog.id }).from(auditLog).where(and(...where, bound)).limit(1).get());
  const at = (entry: AuditEntry): AuditCursor => ({ at: entry.at, id: entry.id });
  return {
    entries,
    older: goingBack ? (exists(older(last)) ? at(last) : null) : more ? at(last) : null,
    newer: goingBack ? (more ? at(first) : null) : filter.before && exists(newer(first)) ? at(first) : null,
  };
}

/** Every matching entry, newest first, in keyset batches: for a streamed export that never holds the whole trail. */
export function* auditRows(db: Db, filter: AuditFilter, batchSize = 1000): Generator<AuditEntry> {
  let before: AuditCursor | undefined;
  for (;;) {
    const page = auditPage(db, { ...filter, before }, batchSize);
    yield* page.entries;
    if (!page.older) return;
    before = page.older;
  }
}

/** Names of the people a page of audit entries refers to by id: one query for the page, none per entry. */
export function employeeNames(db: Db, ids: number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  const rows = db.select({ id: employees.id, name: employees.name }).from(employees).where(inArray(employees.id, ids)).all();
  return new Map(rows.map((row) => [row.id, row.name]));
}
