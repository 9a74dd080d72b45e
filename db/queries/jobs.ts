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

export function expiryReminderSent(db: Db, certificateId: number, leadDays: number, expiresOn: string): boolean {
  return Boolean(
    db
      .select({ id: expiryReminders.certificateId })
      .from(expiryReminders)
      .where(and(eq(expiryReminders.certificateId, certificateId), eq(expiryReminders.leadDays, leadDays), eq(expiryReminders.expiresOn, expiresOn)))
      .get(),
  );
}

export function recordExpiryReminder(db: Db, values: { certificateId: number; leadDays: number; expiresOn: string; messageId: number | null; at: Date }): void {
  db.insert(expiryReminders).values({ certificateId: values.certificateId, leadDays: values.leadDays, expiresOn: values.expiresOn, messageId: values.messageId, createdAt: values.at }).run();
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
