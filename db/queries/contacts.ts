import { asc, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import { contacts, type Contact } from "../schema";
import { perConnection } from "./prepared";

/**
 * Records an inbound message on its sender's row in one statement: profile, WhatsApp id, the
 * 24-hour-window clock, and the per-day counter (reset when the UTC day changes).
 */
const statements = perConnection((db) => ({
  upsertOnInbound: db
    .insert(contacts)
    .values({
      phone: sql`${sql.placeholder("phone")}`,
      channel: sql`${sql.placeholder("channel")}`,
      profileName: sql`${sql.placeholder("profileName")}`,
      waId: sql`${sql.placeholder("waId")}`,
      lastInboundAt: sql`${sql.placeholder("at")}`,
      inboundDay: sql`${sql.placeholder("day")}`,
      inboundDayCount: 1,
      createdAt: sql`${sql.placeholder("at")}`,
      updatedAt: sql`${sql.placeholder("at")}`,
    })
    .onConflictDoUpdate({
      target: contacts.phone,
      set: {
        profileName: sql`coalesce(excluded.profile_name, ${contacts.profileName})`,
        waId: sql`coalesce(excluded.wa_id, ${contacts.waId})`,
        lastInboundAt: sql`max(coalesce(${contacts.lastInboundAt}, 0), excluded.last_inbound_at)`,
        inboundDayCount: sql`case when ${contacts.inboundDay} = excluded.inbound_day then ${contacts.inboundDayCount} + 1 else 1 end`,
        inboundDay: sql`excluded.inbound_day`,
        updatedAt: sql`excluded.updated_at`,
      },
    })
    .returning()
    .prepare(),
  setOptedOut: db
    .update(contacts)
    .set({ optedOut: sql`${sql.placeholder("optedOut")}`, optedOutAt: sql`${sql.placeholder("optedOutAt")}`, updatedAt: sql`${sql.placeholder("at")}` })
    .where(eq(contacts.id, sql.placeholder("id")))
    .prepare(),
  byId: db.select().from(contacts).where(eq(contacts.id, sql.placeholder("id"))).prepare(),
  setLastAutoReply: db
    .update(contacts)
    .set({ lastAutoReplyAt: sql`${sql.placeholder("at")}` })
    .where(eq(contacts.id, sql.placeholder("id")))
    .prepare(),
}));

/**
 * Records an inbound message on its sender's row in one statement: profile, WhatsApp id, the
 * 24-hour-window clock, and the per-day counter (reset when the UTC day changes).
 */
export function upsertContactOnInbound(
  db: Db,
  values: { phone: string; channel: string; profileName: string | null; waId: string | null; at: Date; day: string },
): Contact {
  return statements(db).upsertOnInbound.get({ ...values, at: values.at.getTime() })!;
}

export function findContactByPhone(db: Db, phone: string): Contact | undefined {
  return db.select().from(contacts).where(eq(contacts.phone, phone)).get();
}

// Well under SQLite's limit on bound parameters, however many people a campaign reaches.
const PHONES_PER_QUERY = 500;

/** The contacts of these numbers, by number: one query per 500 numbers instead of one per number. */
export function contactsByPhone(db: Db, phones: readonly string[]): Map<string, Contact> {
  const found = new Map<string, Contact>();
  const unique = [...new Set(phones)];
  for (let start = 0; start < unique.length; start += PHONES_PER_QUERY) {
    for (const contact of db.select().from(contacts).where(inArray(contacts.phone, unique.slice(start, start + PHONES_PER_QUERY))).all()) found.set(contact.phone, contact);
  }
  return found;
}

/** Contacts who wrote since `since`, with when: what the 24-hour window is judged on. */
export function contactsWrittenSince(db: Db, since: Date): { phone: string; at: Date }[] {
  return db
    .select({ phone: contacts.phone, at: contacts.lastInboundAt })
    .from(contacts)
    .where(gt(contacts.lastInboundAt, since))
    .all()
    .flatMap((row) => (row.at ? [{ phone: row.phone, at: row.at }] : []));
}

export function findContactById(db: Db, id: number): Contact | undefined {
  return statements(db).byId.get({ id });
}

export function setOptedOut(db: Db, id: number, optedOut: boolean, at: Date): void {
  statements(db).setOptedOut.run({ id, optedOut: optedOut ? 1 : 0, optedOutAt: optedOut ? at.getTime() : null, at: at.getTime() });
}

export function setLastAutoReply(db: Db, id: number, at: Date): void {
  statements(db).setLastAutoReply.run({ id, at: at.getTime() });
}

/** Blocks or unblocks a number, creating its contact row when it has never written. */
export function setBlocked(db: Db, phone: string, blocked: boolean, at: Date): Contact {
  return db
    .insert(contacts)
    .values({ phone, channel: "whatsapp", blocked, createdAt: at, updatedAt: at })
    .onConflictDoUpdate({ target: contacts.phone, set: { blocked, updatedAt: at } })
    .returning()
    .get();
}

export function listBlocked(db: Db): Contact[] {
  return db.select().from(contacts).where(eq(contacts.blocked, true)).orderBy(asc(contacts.phone)).all();
}

/** The contact row for a number, created bare when the number has never written. */
export function ensureContact(db: Db, phone: string, at: Date): Contact {
  return (
    db.insert(contacts).values({ phone, channel: "whatsapp", createdAt: at, updatedAt: at }).onConflictDoNothing({ target: contacts.phone }).returning().get() ??
    findContactByPhone(db, phone)!
  );
}
