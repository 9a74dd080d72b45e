import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../client";
import { statusEvents } from "../schema";
import { perConnection } from "./prepared";

export type NewStatusEvent = typeof statusEvents.$inferInsert;
export type StatusEvent = typeof statusEvents.$inferSelect;

const INSERTABLE = ["messageSid", "messageId", "status", "errorCode", "errorMessage", "eventType", "receivedAt"] as const satisfies readonly (keyof NewStatusEvent)[];

// Every status callback runs these: prepared once per connection.
const statements = perConnection((db) => ({
  insert: db
    .insert(statusEvents)
    .values(Object.fromEntries(INSERTABLE.map((column) => [column, sql`${sql.placeholder(column)}`])) as unknown as NewStatusEvent)
    .prepare(),
  adopt: db
    .update(statusEvents)
    .set({ messageId: sql`${sql.placeholder("messageId")}` })
    .where(and(eq(statusEvents.messageSid, sql.placeholder("messageSid")), isNull(statusEvents.messageId)))
    .prepare(),
  forMessage: db.select().from(statusEvents).where(eq(statusEvents.messageId, sql.placeholder("messageId"))).orderBy(asc(statusEvents.id)).prepare(),
}));

export function insertStatusEvent(db: Db, event: NewStatusEvent): void {
  const row: Record<string, unknown> = {};
  for (const column of INSERTABLE) {
    const value = event[column] ?? null;
    row[column] = value === null ? null : statusEvents[column].mapToDriverValue(value as never);
  }
  statements(db).insert.run(row);
}

/** Attaches events that arrived before their message existed; returns how many there were. */
export function adoptOrphans(db: Db, messageSid: string, messageId: number): number {
  return statements(db).adopt.run({ messageSid, messageId }).changes;
}

/** Attaches events that arrived before their message existed; returns all the message's events, oldest first. */
export function adoptOrphanEvents(db: Db, messageSid: string, messageId: number): StatusEvent[] {
  adoptOrphans(db, messageSid, messageId);
  return statements(db).forMessage.all({ messageId });
}

export function eventsForMessage(db: Db, messageId: number): StatusEvent[] {
  return statements(db).forMessage.all({ messageId });
}
