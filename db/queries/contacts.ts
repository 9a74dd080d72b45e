import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { contacts, type Contact } from "../schema";

/**
 * Records an inbound message on its sender's row in one statement: profile, WhatsApp id, the
 * 24-hour-window clock, and the per-day counter (reset when the UTC day changes).
 */
export function upsertContactOnInbound(
  db: Db,
  values: { phone: string; channel: string; profileName: string | null; waId: string | null; at: Date; day: string },
): Contact {
  return db
    .insert(contacts)
    .values({
      phone: values.phone,
      channel: values.channel,
      profileName: values.profileName,
      waId: values.waId,
      lastInboundAt: values.at,
      inboundDay: values.day,
      inboundDayCount: 1,
      createdAt: values.at,
      updatedAt: values.at,
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
    .get();
}

export function findContactByPhone(db: Db, phone: string): Contact | undefined {
  return db.select().from(contacts).where(eq(contacts.phone, phone)).get();
}

export function setOptedOut(db: Db, id: number, optedOut: boolean, at: Date): void {
  db.update(contacts).set({ optedOut, optedOutAt: optedOut ? at : null, updatedAt: at }).where(eq(contacts.id, id)).run();
}

export function setLastAutoReply(db: Db, id: number, at: Date): void {
  db.update(contacts).set({ lastAutoReplyAt: at }).where(eq(contacts.id, id)).run();
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
