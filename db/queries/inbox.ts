import { and, asc, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { contacts, messages, type Contact, type Message } from "../schema";

export interface Cursor {
  createdAt: Date;
  id: number;
}

export interface InboxFilter {
  direction?: "inbound" | "outbound";
  status?: string;
  command?: string;
  /** Digits of the contact's number: the whole number (with country code), or any part of it. */
  numberDigits?: string;
  /** Inclusive start and exclusive end of the time range. */
  from?: Date;
  to?: Date;
  handled?: "open" | "handled";
  /** "any" for every flagged message, or one flag (disabled, blocked, rate_limited, cooldown, opted_out). */
  flag?: string;
  /** Words to find in the body (full-text, prefix match on each word), or one message SID. */
  q?: string;
}

export type InboxRow = Pick<
  Message,
  | "id" | "direction" | "fromAddress" | "toAddress" | "body" | "status" | "command" | "errorCode" | "errorMessage"
  | "numMedia" | "flag" | "createdAt" | "contactId" | "handledAt" | "messageSid" | "latitude" | "longitude" | "sentByUserId"
  // What else the message carried, for the exports: read with the row, never looked up per message.
  | "messageType" | "media" | "address" | "label" | "buttonText" | "buttonPayload" | "originalRepliedMessageSid" | "extra"
> & {
  phone: string | null;
  /** The contact's WhatsApp name now: who the conversation is with. */
  profileName: string | null;
  /** The WhatsApp name this message itself carried (inbound only): what a record of it must show. */
  messageProfileName: string | null;
};

const rowColumns = {
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
  handledAt: messages.handledAt,
  messageSid: messages.messageSid,
  latitude: messages.latitude,
  longitude: messages.longitude,
  sentByUserId: messages.sentByUserId,
  messageType: messages.messageType,
  media: messages.media,
  address: messages.address,
  label: messages.label,
  buttonText: messages.buttonText,
  buttonPayload: messages.buttonPayload,
  originalRepliedMessageSid: messages.originalRepliedMessageSid,
  extra: messages.extra,
  phone: contacts.phone,
  profileName: contacts.profileName,
  messageProfileName: messages.profileName,
};

/** User words → an FTS5 query: each word quoted (no operators can be injected) and prefix-matched, all required. */
export function ftsQuery(text: string): string | null {
  // Marks belong to their word: Hindi's vowel signs (काम = क + ा + म) would otherwise split it into
  // letters, each a prefix that matches unrelated words. The index keeps them inside tokens too.
  const words = text.normalize("NFKC").match(/[\p{L}\p{M}\p{N}_]+/gu) ?? [];
  if (words.length === 0) return null;
  return words.slice(0, 10).map((word) => `"${word.replace(/"/g, '""')}"*`).join(" ");
}

/**
 * The message SID the search box holds, if that is all it holds: staff paste one from Twilio's
 * logs or Debugger to find that exact message (SM… for text, MM… for media; 32 hex digits).
 */
export function messageSidIn(text: string): string | null {
  const match = /^\s*(SM|MM)([0-9a-f]{32})\s*$/i.exec(text);
  return match ? `${match[1]!.toUpperCase()}${match[2]!.toLowerCase()}` : null;
}

const INBOUND_LITERAL = sql`${messages.direction} = 'inbound'`;

function conditions(db: Db, filter: InboxFilter): SQL[] | null {
  const where: SQL[] = [];
  if (filter.direction) where.push(eq(messages.direction, filter.direction));
  if (filter.status) where.push(eq(messages.status, filter.status));
  if (filter.command) where.push(eq(messages.command, filter.command));
  if (filter.numberDigits) {
    const ids = contactIdsForNumber(db, filter.numberDigits);
    if (ids.length === 0) return null;
    where.push(ids.length === 1 ? eq(messages.contactId, ids[0]!) : inArray(messages.contactId, ids));
  }
  if (filter.from) where.push(gte(messages.createdAt, filter.from));
  if (filter.to) where.push(lt(messages.createdAt, filter.to));
  // A literal, not a bound value: only then may SQLite use the index kept for inbound rows alone.
  if (filter.handled === "open") where.push(INBOUND_LITERAL, isNull(messages.handledAt));
  if (filter.handled === "handled") where.push(isNotNull(messages.handledAt));
  if (filter.flag === "any") where.push(isNotNull(messages.flag));
  else if (filter.flag) where.push(eq(messages.flag, filter.flag));
  const sid = filter.q === undefined ? null : messageSidIn(filter.q);
  if (sid) where.push(eq(messages.messageSid, sid));
  return where;
}

/** The contact with exactly this number, else every contact whose number contains the digits. */
function contactIdsForNumber(db: Db, digits: string): number[] {
  const exact = db.select({ id: contacts.id }).from(contacts).where(eq(contacts.phone, `+${digits}`)).get();
  if (exact) return [exact.id];
  return db
    .select({ id: contacts.id })
    .from(contacts)
    .where(sql`instr(${contacts.phone}, ${digits}) > 0`)
    .all()
    .map((row) => row.id);
}

const older = (cursor: Cursor) => or(lt(messages.createdAt, cursor.createdAt), and(eq(messages.createdAt, cursor.createdAt), lt(messages.id, cursor.id)))!;
const newer = (cursor: Cursor) => or(gt(messages.createdAt, cursor.createdAt), and(eq(messages.createdAt, cursor.createdAt), gt(messages.id, cursor.id)))!;

export interface InboxPage {
  rows: InboxRow[];
  /** Cursor for the next older page, when there is one. */
  older: Cursor | null;
  /** Cursor for the next newer page, when there is one. */
  newer: Cursor | null;
}

/**
 * One page of the inbox, newest first, by keyset on (created_at, id): no OFFSET, so page 5,000 costs
 * what page 1 costs, and rows inserted meanwhile never shift a page (no gaps, no repeats).
 * `before` pages to older messages, `after` back to newer ones.
 */
export function inboxPage(db: Db, filter: InboxFilter & { before?: Cursor; after?: Cursor }, limit: number): InboxPage {
  const where = conditions(db, filter);
  if (!where) return { rows: [], older: null, newer: null };
  if (filter.q !== undefined && !messageSidIn(filter.q)) {
    const match = ftsQuery(filter.q);
    return match ? searchPage(db, match, where, filter, limit) : { rows: [], older: null, newer: null };
  }
  const goingBack = Boolean(filter.after && !filter.before);
  const fetched = db
    .select(rowColumns)
    .from(messages)
    .leftJoin(contacts, eq(contacts.id, messages.contactId))
    .where(and(...where, ...(filter.before ? [older(filter.before)] : []), ...(goingBack && filter.after ? [newer(filter.after)] : [])))
    .orderBy(...(goingBack ? [asc(messages.createdAt), asc(messages.id)] : [desc(messages.createdAt), desc(messages.id)]))
    .limit(limit + 1)
    .all();
  return pageOf(fetched, limit, goingBack, Boolean(filter.before), {
    older: (row) => Boolean(db.select({ id: messages.id }).from(messages).where(and(...where, older(row))).limit(1).get()),
    newer: (row) => Boolean(db.select({ id: messages.id }).from(messages).where(and(...where, newer(row))).limit(1).get()),
  });
}

/**
 * Turns `limit + 1` fetched rows into a page with its cursors. The extra row tells whether more lie
 * in the fetch direction; the other direction needs a probe, made only when a cursor was followed.
 */
function pageOf(fetched: InboxRow[], limit: number, goingBack: boolean, followedOlder: boolean, exists: { older: (row: InboxRow) => boolean; newer: (row: InboxRow) => boolean }): InboxPage {
  const more = fetched.length > limit;
  const rows = goingBack ? fetched.slice(0, limit).reverse() : fetched.slice(0, limit);
  const first = rows[0];
  const last = rows.at(-1);
  const atCursor = (row: InboxRow) => ({ createdAt: row.createdAt, id: row.id });
  if (!first || !last) return { rows, older: null, newer: null };
  return {
    rows,
    older: goingBack ? (exists.older(last) ? atCursor(last) : null) : more ? atCursor(last) : null,
    newer: goingBack ? (more ? atCursor(first) : null) : followedOlder && exists.newer(first) ? atCursor(first) : null,
  };
}

const SEARCH_CHUNK = 500;

/**
 * Matches of a full-text search, `limit` at a time. FTS5 walks its index in rowid order without
 * sorting, so candidates come newest first (ids grow with time) in chunks and the other filters
 * apply to each chunk: a common word costs the same as a rare one. Paging keys on the id alone.
 */
function searchPage(db: Db, match: string, where: SQL[], filter: { before?: Cursor; after?: Cursor }, limit: number): InboxPage {
  const goingBack = Boolean(filter.after && !filter.before);
  const collect = (from: number | null, ascending: boolean, wanted: number): InboxRow[] => {
    const found: InboxRow[] = [];
    let bound = from;
    for (;;) {
      const candidates = searchCandidates(db, match, bound, ascending);
      if (candidates.length === 0) return found;
      const rows = db
        .select(rowColumns)
        .from(messages)
        .leftJoin(contacts, eq(contacts.id, messages.contactId))
        .where(and(inArray(messages.id, candidates), ...where))
        .orderBy(ascending ? asc(messages.id) : desc(messages.id))
        .all();
      found.push(...rows.slice(0, wanted - found.length));
      if (found.length >= wanted || candidates.length < SEARCH_CHUNK) return found;
      bound = candidates.at(-1)!;
    }
  };
  const start = goingBack ? filter.after!.id : (filter.before?.id ?? null);
  return pageOf(collect(start, goingBack, limit + 1), limit, goingBack, Boolean(filter.before), {
    older: (row) => collect(row.id, false, 1).length > 0,
    newer: (row) => collect(row.id, true, 1).length > 0,
  });
}

function searchCandidates(db: Db, match: string, bound: number | null, ascending: boolean): number[] {
  const range = bound === null ? sql`` : ascending ? sql` and rowid > ${bound}` : sql` and rowid < ${bound}`;
  return db
    .all<{ id: number }>(sql`select rowid as id from messages_fts where messages_fts match ${match}${range} order by rowid ${ascending ? sql`asc` : sql`desc`} limit ${SEARCH_CHUNK}`)
    .map((row) => row.id);
}

/** Every matching row, newest first, in batches: for a streamed export that never holds the whole result. */
export function* inboxRows(db: Db, filter: InboxFilter, batchSize = 1000): Generator<InboxRow> {
  let before: Cursor | undefined;
  for (;;) {
    const page = inboxPage(db, { ...filter, before }, batchSize);
    yield* page.rows;
    if (!page.older) return;
    before = page.older;
  }
}

/** The latest messages with one contact, newest first (the page shows them oldest first). */
export function threadPage(db: Db, contactId: number, before: Cursor | undefined, limit: number): Message[] {
  return db
    .select()
    .from(messages)
    .where(and(eq(messages.contactId, contactId), before ? older(before) : undefined))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(limit)
    .all();
}

export function contactById(db: Db, id: number): Contact | undefined {
  return db.select().from(contacts).where(eq(contacts.id, id)).get();
}

/** Marks a contact's open inbound messages handled, or reopens the latest one. */
export function setThreadHandled(db: Db, contactId: number, handled: { by: number; at: Date } | null): number {
  if (handled) {
    return db
      .update(messages)
      .set({ handledAt: handled.at, handledByUserId: handled.by })
      .where(and(eq(messages.contactId, contactId), eq(messages.direction, "inbound"), isNull(messages.handledAt)))
      .run().changes;
  }
  const latest = db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.contactId, contactId), eq(messages.direction, "inbound")))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(1)
    .get();
  if (!latest) return 0;
  return db.update(messages).set({ handledAt: null, handledByUserId: null }).where(eq(messages.id, latest.id)).run().changes;
}

/** Whether a conversation is open (any inbound message not handled), and who handled it last when it is not. */
export function threadHandling(db: Db, contactId: number): { inbound: number; open: number; lastHandledBy: number | null } {
  const inbound = and(eq(messages.contactId, contactId), eq(messages.direction, "inbound"));
  const counts = db
    .select({ inbound: sql<number>`count(*)`, open: sql<number>`coalesce(sum(${messages.handledAt} is null), 0)` })
    .from(messages)
    .where(inbound)
    .get();
  const last = db
    .select({ by: messages.handledByUserId })
    .from(messages)
    .where(and(inbound, isNotNull(messages.handledAt)))
    .orderBy(desc(messages.handledAt), desc(messages.id))
    .limit(1)
    .get();
  return { inbound: counts?.inbound ?? 0, open: counts?.open ?? 0, lastHandledBy: last?.by ?? null };
}
