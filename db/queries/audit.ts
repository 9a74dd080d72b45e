import { desc, like, or } from "drizzle-orm";
import type { Db } from "../client";
import { sealRow } from "./chain";
import { auditLog, type AuditEntry } from "../schema";

export type NewAuditEntry = Omit<AuditEntry, "id">;

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
