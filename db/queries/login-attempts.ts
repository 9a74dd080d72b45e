import { and, desc, eq, gt, lt } from "drizzle-orm";
import type { Db } from "../client";
import { loginAttempts } from "../schema";

export function insertLoginAttempt(db: Db, row: { email: string; ip: string; succeeded: boolean; at: Date }): number {
  return Number(db.insert(loginAttempts).values(row).run().lastInsertRowid);
}

export function markAttemptSucceeded(db: Db, id: number): void {
  db.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, id)).run();
}

export function lastSuccessAt(db: Db, email: string): Date | undefined {
  return db
    .select({ at: loginAttempts.at })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.email, email), eq(loginAttempts.succeeded, true)))
    .orderBy(desc(loginAttempts.at))
    .limit(1)
    .get()?.at;
}

/** Times of the most recent failed attempts after `since`, newest first, for one email or one IP. */
export function failuresSince(db: Db, by: { email: string } | { ip: string }, since: Date, limit: number): Date[] {
  const who = "email" in by ? eq(loginAttempts.email, by.email) : eq(loginAttempts.ip, by.ip);
  return db
    .select({ at: loginAttempts.at })
    .from(loginAttempts)
    .where(and(who, eq(loginAttempts.succeeded, false), gt(loginAttempts.at, since)))
    .orderBy(desc(loginAttempts.at))
    .limit(limit)
    .all()
    .map((row) => row.at);
}

export function deleteAttemptsBefore(db: Db, before: Date): number {
  return db.delete(loginAttempts).where(lt(loginAttempts.at, before)).run().changes;
}
