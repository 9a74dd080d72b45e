import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "../client";
import { statusEvents } from "../schema";

export type NewStatusEvent = typeof statusEvents.$inferInsert;
export type StatusEvent = typeof statusEvents.$inferSelect;

export function insertStatusEvent(db: Db, event: NewStatusEvent): void {
  db.insert(statusEvents).values(event).run();
}

/** Attaches events that arrived before their message existed; returns them oldest first. */
export function adoptOrphanEvents(db: Db, messageSid: string, messageId: number): StatusEvent[] {
  db.update(statusEvents).set({ messageId }).where(and(eq(statusEvents.messageSid, messageSid), isNull(statusEvents.messageId))).run();
  return db.select().from(statusEvents).where(eq(statusEvents.messageId, messageId)).orderBy(asc(statusEvents.id)).all();
}

export function eventsForMessage(db: Db, messageId: number): StatusEvent[] {
  return db.select().from(statusEvents).where(eq(statusEvents.messageId, messageId)).orderBy(asc(statusEvents.id)).all();
}
