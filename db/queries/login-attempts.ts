import { and, desc, eq, gt, lt, or } from "drizzle-orm";
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

/** Whether this email signed in successfully from this address after `since`. */
export function succeededFrom(db: Db, email: string, ip: string, since: Date): boolean {
  return (
    db
      .select({ id: loginAttempts.id })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.email, email), eq(loginAttempts.ip, ip), eq(loginAttempts.succeeded, true), gt(loginAttempts.at, since)))
      .limit(1)
      .get() !== undefined
  );
}

/** Times of the most recent failed attempts after `since`, newest first, for an email, an IP, or both together. */
export function failuresSince(db: Db, by: { email: string; ip?: undefined } | { ip: string; email?: undefined } | { email: string; ip: string }, since: Date, limit: number): Date[] {
  const who = and(by.email === undefined ? undefined : eq(loginAttempts.email, by.email), by.ip === undefined ? undefined : eq(loginAttempts.ip, by.ip));
  return db
    .select({ at: loginAttempts.at })
    .from(loginAttempts)
    .where(and(who, eq(loginAttempts.succeeded, false), gt(loginAttempts.at, since)))
    .orderBy(desc(loginAttempts.at))
    .limit(limit)
    .all()
    .map((row) => row.at);
}

/** Deletes failures before `failuresBefore` and successes before `successesBefore`. */
export function deleteAttemptsBefore(db: Db, { failuresBefore, successesBefore }: { failuresBefore: Date; successesBefore: Date }): number {
  return db
    .delete(loginAttempts)
    .where(or(and(eq(loginAttempts.succeeded, false), lt(loginAttempts.at, failuresBefore)), lt(loginAttempts.at, successesBefore)))
    .run().changes;
}
