import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../client";
import { sealRow } from "./chain";
import { messages, type Message } from "../schema";

export type NewMessage = typeof messages.$inferInsert;

// The webhook runs these on every request: prepared once per connection, not rebuilt each time.
const prepared = new WeakMap<Db["$client"], ReturnType<typeof prepare>>();
function prepare(db: Db) {
  return {
    bySid: db.select().from(messages).where(eq(messages.messageSid, sql.placeholder("sid"))).prepare(),
    replyTo: db.select().from(messages).where(eq(messages.replyToId, sql.placeholder("id"))).prepare(),
  };
}
function statements(db: Db) {
  let found = prepared.get(db.$client);
  if (!found) {
    found = prepare(db);
    prepared.set(db.$client, found);
  }
  return found;
}

export function findMessageBySid(db: Db, messageSid: string): Message | undefined {
  return statements(db).bySid.get({ sid: messageSid });
}

export function findMessageById(db: Db, id: number): Message | undefined {
  return db.select().from(messages).where(eq(messages.id, id)).get();
}

export function findReplyTo(db: Db, inboundId: number): Message | undefined {
  return statements(db).replyTo.get({ id: inboundId });
}

export function insertMessage(db: Db, values: NewMessage): Message {
  const message = db.insert(messages).values(values).returning().get();
  sealRow(db, "messages", message.id);
  return message;
}

export function updateMessageStatus(
  db: Db,
  id: number,
  change: { status: string; errorCode?: number | null; errorMessage?: string | null; sentAt?: Date; deliveredAt?: Date; at: Date },
): void {
  db.update(messages)
    .set({
      status: change.status,
      updatedAt: change.at,
      ...(change.sentAt ? { sentAt: change.sentAt } : {}),
      ...(change.deliveredAt ? { deliveredAt: change.deliveredAt } : {}),
      ...(change.errorCode !== undefined ? { errorCode: change.errorCode, errorMessage: change.errorMessage ?? null } : {}),
    })
    .where(eq(messages.id, id))
    .run();
}

/** Gives a SID to an outbound message that has none yet (a TwiML reply, or a send whose answer was lost). */
export function assignSidToOutbound(db: Db, id: number, messageSid: string, at: Date): boolean {
  return (
    db
      .update(messages)
      .set({ messageSid, updatedAt: at })
      .where(and(eq(messages.id, id), isNull(messages.messageSid), eq(messages.direction, "outbound")))
      .run().changes === 1
  );
}
