import { and, eq, gt, lt, ne } from "drizzle-orm";
import type { Db } from "../client";
import { sessions, users } from "../schema";
import type { PublicUser } from "./users";

export interface SessionRow {
  id: string;
  userId: number;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export function insertSession(
  db: Db,
  row: { id: string; userId: number; now: Date; expiresAt: Date; ip: string | null; userAgent: string | null },
): void {
  db.insert(sessions)
    .values({ id: row.id, userId: row.userId, createdAt: row.now, lastSeenAt: row.now, expiresAt: row.expiresAt, ip: row.ip, userAgent: row.userAgent })
    .run();
}

/** The live session and its active user in one indexed lookup. */
export function findLiveSession(db: Db, id: string, now: Date): { session: SessionRow; user: PublicUser } | undefined {
  const row = db
    .select({
      session: { id: sessions.id, userId: sessions.userId, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt },
      user: { id: users.id, email: users.email, name: users.name, role: users.role, active: users.active, createdAt: users.createdAt, updatedAt: users.updatedAt },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now), eq(users.active, true)))
    .get();
  return row;
}

export function extendSession(db: Db, id: string, now: Date, expiresAt: Date): void {
  db.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.id, id)).run();
}

export function deleteSession(db: Db, id: string): void {
  db.delete(sessions).where(eq(sessions.id, id)).run();
}

export function deleteUserSessions(db: Db, userId: number, exceptId?: string): void {
  const condition = exceptId ? and(eq(sessions.userId, userId), ne(sessions.id, exceptId)) : eq(sessions.userId, userId);
  db.delete(sessions).where(condition).run();
}

export function deleteExpiredSessions(db: Db, now: Date): number {
  return db.delete(sessions).where(lt(sessions.expiresAt, now)).run().changes;
}
