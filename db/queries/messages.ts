import { and, eq, exists, isNull, sql } from "drizzle-orm";
import { inTransaction, type Db } from "../client";
import { sealRow } from "./chain";
import { perConnection } from "./prepared";
import { messages, outboundJobs, type Message } from "../schema";

export type NewMessage = typeof messages.$inferInsert;

// Every column an insert may set; a prepared insert needs a value (or null) for each of them.
const INSERTABLE = [
  "messageSid", "direction", "fromAddress", "toAddress", "contactId", "body", "status", "command", "errorCode", "errorMessage",
  "numMedia", "media", "messageType", "profileName", "waId", "latitude", "longitude", "address", "label", "buttonText",
  "buttonPayload", "originalRepliedMessageSid", "extra", "flag", "replyToId", "sentByUserId", "sentAt", "deliveredAt",
  "handledAt", "handledByUserId", "createdAt", "updatedAt",
] as const satisfies readonly (keyof NewMessage)[];

// The webhook runs these on every request: prepared once per connection, not rebuilt each time.
const statements = perConnection((db) => ({
  bySid: db.select().from(messages).where(eq(messages.messageSid, sql.placeholder("sid"))).prepare(),
  byId: db.select().from(messages).where(eq(messages.id, sql.placeholder("id"))).prepare(),
  replyTo: db.select().from(messages).where(eq(messages.replyToId, sql.placeholder("id"))).prepare(),
  insert: db
    .insert(messages)
    // Bare placeholders: values arrive already in their driver form (see toDriverRow).
    .values(Object.fromEntries(INSERTABLE.map((column) => [column, sql`${sql.placeholder(column)}`])) as unknown as NewMessage)
    .returning()
    .prepare(),
  updateStatus: db
    .update(messages)
    .set({
      status: sql`${sql.placeholder("status")}`,
      updatedAt: sql`${sql.placeholder("at")}`,
      sentAt: sql`coalesce(${messages.sentAt}, ${sql.placeholder("sentAt")})`,
      deliveredAt: sql`coalesce(${messages.deliveredAt}, ${sql.placeholder("deliveredAt")})`,
      errorCode: sql`case when ${sql.placeholder("setError")} then ${sql.placeholder("errorCode")} else ${messages.errorCode} end`,
      errorMessage: sql`case when ${sql.placeholder("setError")} then ${sql.placeholder("errorMessage")} else ${messages.errorMessage} end`,
    })
    .where(eq(messages.id, sql.placeholder("id")))
    .prepare(),
  // The message id comes in as a placeholder in the subquery too: a bare "id" there would be the job's.
  reopenUnconfirmed: db
    .update(messages)
    .set({ status: "queued", errorCode: null, errorMessage: null, updatedAt: sql`${sql.placeholder("at")}` })
    .where(
      and(
        eq(messages.id, sql.placeholder("id")),
        eq(messages.status, "failed"),
        exists(db.select({ one: sql`1` }).from(outboundJobs).where(and(eq(outboundJobs.messageId, sql.placeholder("id")), eq(outboundJobs.state, "unconfirmed")))),
      ),
    )
    .prepare(),
}));

const DEFAULTS: Partial<NewMessage> = { body: "", numMedia: 0 };

/** Every insertable column in SQLite's form (the column's own encoder for dates, JSON, booleans), null when absent. */
function toDriverRow(values: NewMessage): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const column of INSERTABLE) {
    const value = values[column] ?? DEFAULTS[column] ?? (column === "createdAt" ? new Date() : null);
    row[column] = value === null ? null : messages[column].mapToDriverValue(value as never);
  }
  return row;
}

export function findMessageBySid(db: Db, messageSid: string): Message | undefined {
  return statements(db).bySid.get({ sid: messageSid });
}

export function findMessageById(db: Db, id: number): Message | undefined {
  return statements(db).byId.get({ id });
}

export function findReplyTo(db: Db, inboundId: number): Message | undefined {
  return statements(db).replyTo.get({ id: inboundId });
}

/** Stores a message sealed into the hash chain; on its own it commits at once, searchable. */
export function insertMessage(db: Db, values: NewMessage): Message {
  if (!db.$client.inTransaction) return inTransaction(db, () => insertMessage(db, values));
  const row = toDriverRow(values);
  const message = statements(db).insert.get(row)!;
  const { messageSid, direction, fromAddress, toAddress, body, createdAt } = row;
  sealRow(db, "messages", message.id, { id: message.id, message_sid: messageSid, direction, from_address: fromAddress, to_address: toAddress, body, created_at: createdAt });
  return message;
}

export function updateMessageStatus(
  db: Db,
  id: number,
  change: { status: string; errorCode?: number | null; errorMessage?: string | null; sentAt?: Date; deliveredAt?: Date; at: Date },
): void {
  const setError = change.errorCode !== undefined;
  statements(db).updateStatus.run({
    id,
    status: change.status,
    at: change.at.getTime(),
    sentAt: change.sentAt?.getTime() ?? null,
    deliveredAt: change.deliveredAt?.getTime() ?? null,
    setError: setError ? 1 : 0,
    errorCode: setError ? change.errorCode : null,
    errorMessage: setError ? (change.errorMessage ?? null) : null,
  });
}

/**
 * Gives a SID to an outbound message that has none yet (a TwiML reply, or a send whose answer was lost).
 * A send the queue gave up on while Twilio may have had it (job "unconfirmed") was failed only on our
 * word; Twilio naming it proves otherwise, so it goes back to "queued" for Twilio's statuses to move on.
 */
export function assignSidToOutbound(db: Db, id: number, messageSid: string, at: Date): boolean {
  const assigned =
    db
      .update(messages)
      .set({ messageSid, updatedAt: at })
      .where(and(eq(messages.id, id), isNull(messages.messageSid), eq(messages.direction, "outbound")))
      .run().changes === 1;
  if (assigned) statements(db).reopenUnconfirmed.run({ id, at: at.getTime() });
  return assigned;
}
