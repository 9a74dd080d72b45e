import { inTransaction, type Db } from "@/db/client";
import { certificatesExpiringBetween, markOverdue } from "@/db/queries/employees";
import { expiryReminderSent, finishLease, recordExpiryReminder, takeLease } from "@/db/queries/jobs";
import { enqueueMessage } from "@/lib/outbound/queue";
import { addDays, dayOf, daysBetween, formatDay } from "./dates";

export const EXPIRY_JOB = "daily-compliance-checks";
const LEASE_MS = 10 * 60 * 1000;

export interface DailyRun {
  ran: boolean;
  reason?: "already ran today" | "another instance holds the lease";
  overdue: number;
  reminders: number;
}

/**
 * The daily checks: pending declarations past due become overdue, and certificate holders get a
 * reminder at the configured lead times (the nearest lead at or above the days left, so a server
 * that was down catches up without a burst). A lease row makes two instances run it once; a row per
 * (certificate, lead, expiry date) makes each reminder go once.
 */
export function runDailyChecks(db: Db, options: { holder: string; leadDays: number[]; templateSid?: string; from: string | null }, now = new Date()): DailyRun {
  const today = dayOf(now);
  const lease = inTransaction(db, () => takeLease(db, EXPIRY_JOB, options.holder, now, new Date(now.getTime() + LEASE_MS)));
  if (!lease.taken) return { ran: false, reason: "another instance holds the lease", overdue: 0, reminders: 0 };
  if (lease.lastRunOn === today) {
    inTransaction(db, () => finishLease(db, EXPIRY_JOB, options.holder, today));
    return { ran: false, reason: "already ran today", overdue: 0, reminders: 0 };
  }
  const leads = [...new Set(options.leadDays)].sort((a, b) => a - b);
  return inTransaction(db, () => {
    const overdue = markOverdue(db, today, now);
    let reminders = 0;
    const horizon = leads.at(-1);
    if (horizon !== undefined && options.from) {
      for (const certificate of certificatesExpiringBetween(db, today, addDays(today, horizon))) {
        const left = daysBetween(today, certificate.expiresOn);
        const lead = leads.find((candidate) => candidate >= left);
        if (lead === undefined || expiryReminderSent(db, certificate.id, lead, certificate.expiresOn)) continue;
        const body =
          `Reminder: your ${certificate.name} expires on ${formatDay(certificate.expiresOn)}` +
          `${left === 0 ? " (today)" : ` (in ${left} day${left === 1 ? "" : "s"})`}. Please renew it. Reply ACK to confirm you've seen this.`;
        const content = options.templateSid
          ? { kind: "template" as const, contentSid: options.templateSid, variables: { 1: certificate.employee.name, 2: certificate.name, 3: formatDay(certificate.expiresOn) } }
          : { kind: "text" as const, body };
        const queued = enqueueMessage(db, { phone: certificate.employee.phone, from: options.from, content, sentByUserId: null }, now);
        recordExpiryReminder(db, { certificateId: certificate.id, leadDays: lead, expiresOn: certificate.expiresOn, messageId: queued.message.id, at: now });
        reminders++;
      }
    }
    finishLease(db, EXPIRY_JOB, options.holder, today);
    return { ran: true, overdue, reminders };
  });
}
