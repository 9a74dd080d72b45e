import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import type { Db } from "../client";
import { certificates, expiryReminders, jobLeases, messages } from "../schema";
import { mayHaveBeenReceived } from "./campaigns";

/** Takes the job's lease if it is free, expired or already ours; false when another holder has it. */
export function takeLease(db: Db, name: string, holder: string, now: Date, until: Date): { taken: boolean; lastRunOn: string | null } {
  db.insert(jobLeases).values({ name, holder, leaseUntil: new Date(0), lastRunOn: null }).onConflictDoNothing({ target: jobLeases.name }).run();
  const taken =
    db
      .update(jobLeases)
      .set({ holder, leaseUntil: until })
      .where(and(eq(jobLeases.name, name), or(lt(jobLeases.leaseUntil, now), eq(jobLeases.holder, holder))))
      .run().changes === 1;
  const row = db.select({ lastRunOn: jobLeases.lastRunOn }).from(jobLeases).where(eq(jobLeases.name, name)).get();
  return { taken, lastRunOn: row?.lastRunOn ?? null };
}

export function finishLease(db: Db, name: string, holder: string, ranOn: string): void {
  db.update(jobLeases).set({ leaseUntil: new Date(0), lastRunOn: ranOn }).where(and(eq(jobLeases.name, name), eq(jobLeases.holder, holder))).run();
}

export interface ExpiryReminderAttempt {
  messageId: number | null;
  /** Null when retention deleted the message (it went, long ago) or there never was one. */
  messageStatus: string | null;
  acknowledgedAt: Date | null;
  /** When the latest attempt was made: a refused attempt's row is reused by the next one. */
  createdAt: Date;
}

export function findExpiryReminder(db: Db, certificateId: number, leadDays: number, expiresOn: string): ExpiryReminderAttempt | undefined {
  return db
    .select({ messageId: expiryReminders.messageId, messageStatus: messages.status, acknowledgedAt: expiryReminders.acknowledgedAt, createdAt: expiryReminders.createdAt })
    .from(expiryReminders)
    .leftJoin(messages, eq(messages.id, expiryReminders.messageId))
    .where(and(eq(expiryReminders.certificateId, certificateId), eq(expiryReminders.leadDays, leadDays), eq(expiryReminders.expiresOn, expiresOn)))
    .get();
}

/**
 * Points the reminder at its latest attempt. A row that was acknowledged, or whose message is no
 * longer the one the caller saw, is left alone, so a retry never overwrites a reminder that went.
 */
export function recordExpiryReminder(
  db: Db,
  values: { certificateId: number; leadDays: number; expiresOn: string; messageId: number | null; at: Date },
  replacing?: Pick<ExpiryReminderAttempt, "messageId">,
): void {
  if (!replacing) {
    db.insert(expiryReminders).values({ certificateId: values.certificateId, leadDays: values.leadDays, expiresOn: values.expiresOn, messageId: values.messageId, createdAt: values.at }).run();
    return;
  }
  const changed = db
    .update(expiryReminders)
    .set({ messageId: values.messageId, createdAt: values.at })
    .where(
      and(
        eq(expiryReminders.certificateId, values.certificateId),
        eq(expiryReminders.leadDays, values.leadDays),
        eq(expiryReminders.expiresOn, values.expiresOn),
        isNull(expiryReminders.acknowledgedAt),
        replacing.messageId === null ? isNull(expiryReminders.messageId) : eq(expiryReminders.messageId, replacing.messageId),
      ),
    )
    .run().changes;
  if (changed !== 1) throw new Error(`Expiry reminder ${values.certificateId}/${values.leadDays}/${values.expiresOn} changed while it was retried`);
}

export type ExpiryReminder = typeof expiryReminders.$inferSelect;

/** Every reminder a certificate has had, oldest first. */
export function expiryRemindersOf(db: Db, certificateId: number): ExpiryReminder[] {
  return db.select().from(expiryReminders).where(eq(expiryReminders.certificateId, certificateId)).orderBy(expiryReminders.createdAt, expiryReminders.leadDays).all();
}

export interface OpenExpiryReminder {
  certificateId: number;
  leadDays: number;
  expiresOn: string;
  certificateName: string;
  createdAt: Date;
}

/** The certificate reminder an ACK may answer: this employee's latest unacknowledged one that may have reached them. */
export function latestOpenExpiryReminder(db: Db, employeeId: number): OpenExpiryReminder | undefined {
  return db
    .select({
      certificateId: expiryReminders.certificateId,
      leadDays: expiryReminders.leadDays,
      expiresOn: expiryReminders.expiresOn,
      certificateName: certificates.name,
      createdAt: expiryReminders.createdAt,
    })
    .from(expiryReminders)
    .innerJoin(certificates, eq(certificates.id, expiryReminders.certificateId))
    .leftJoin(messages, eq(messages.id, expiryReminders.messageId))
    .where(and(eq(certificates.employeeId, employeeId), isNull(expiryReminders.acknowledgedAt), mayHaveBeenReceived))
    .orderBy(desc(expiryReminders.createdAt), desc(expiryReminders.leadDays))
    .limit(1)
    .get();
}

export function acknowledgeExpiryReminder(db: Db, reminder: Pick<OpenExpiryReminder, "certificateId" | "leadDays" | "expiresOn">, messageSid: string, at: Date): void {
  db.update(expiryReminders)
    .set({ acknowledgedAt: at, ackMessageSid: messageSid })
    .where(and(eq(expiryReminders.certificateId, reminder.certificateId), eq(expiryReminders.leadDays, reminder.leadDays), eq(expiryReminders.expiresOn, reminder.expiresOn)))
    .run();
}
