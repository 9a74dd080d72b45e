import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { contacts, messages, type Contact, type Message } from "../schema";

export interface Cursor {
  createdAt: Date;
  id: number;
}

export type InboxRow = Pick<
  Message,
  "id" | "direction" | "fromAddress" | "toAddress" | "body" | "status" | "command" | "errorCode" | "errorMessage" | "numMedia" | "flag" | "createdAt" | "contactId"
> & { phone: string | null; profileName: string | null };

function olderThan(cursor: Cursor | undefined): SQL | undefined {
  if (!cursor) return undefined;
  return or(lt(messages.createdAt, cursor.createdAt), and(eq(messages.createdAt, cursor.createdAt), lt(messages.id, cursor.id)));
}

/** One page of the inbox, newest first, by keyset on (created_at, id): no OFFSET, indexed for each direction. */
export function inboxPage(db: Db, filter: { direction?: "inbound" | "outbound"; before?: Cursor }, limit: number): InboxRow[] {
  return db
    .select({
      id: messages.id,
      direction: messages.direction,
      fromAddress: messages.fromAddress,
      toAddress: messages.toAddress,
      body: messages.body,
      status: messages.status,
      command: messages.command,
      errorCode: messages.errorCode,
      errorMessage: messages.errorMessage,
      numMedia: messages.numMedia,
      flag: messages.flag,
      createdAt: messages.createdAt,
      contactId: messages.contactId,
      phone: contacts.phone,
      profileName: contacts.profileName,
    })
    .from(messages)
    .leftJoin(contacts, eq(contacts.id, messages.contactId))
    .where(and(filter.direction ? eq(messages.direction, filter.direction) : undefined, olderThan(filter.before)))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(limit)
    .all();
}

/** The latest messages with one contact, newest first (the page shows them oldest first). */
export function threadPage(db: Db, contactId: number, before: Cursor | undefined, limit: number): Message[] {
  return db
    .select()
    .from(messages)
    .where(and(eq(messages.contactId, contactId), olderThan(before)))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(limit)
    .all();
}

export function contactById(db: Db, id: number): Contact | undefined {
  return db.select().from(contacts).where(eq(contacts.id, id)).get();
}
