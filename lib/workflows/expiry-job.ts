import { inTransaction, type Db } from "@/db/client";
import type { Contact } from "@/db/schema";
import { findContactByPhone } from "@/db/queries/contacts";
import { markOverdue } from "@/db/queries/employees";
import { findExpiryReminder, finishLease, recordExpiryReminder, takeLease, type ExpiryReminderAttempt } from "@/db/queries/jobs";
import { logError } from "@/lib/errors";
import { plural } from "@/lib/text";
import { contactRefusal, enqueueMessage, refusalReason } from "@/lib/outbound/queue";
import { addDays, dayOf, daysBetween, formatDay } from "./dates";
import { currentCertificatesExpiring } from "./renewals";

export const EXPIRY_JOB = "daily-compliance-checks";
const LEASE_MS = 10 * 60 * 1000;

export interface DailyRun {
  ran: boolean;
  reason?: "already ran today" | "another instance holds the lease";
  overdue: number;
  /** Reminders queued to be sent. */
  reminders: number;
  /** Reminders the queue refused (no template outside the 24-hour window, opted out, blocked). */
  refused: number;
  /** The first refusal's reason, for the one line an admin reads. */
  refusal?: string;
}

export const DAILY_CHECKS_SOURCE = "daily-checks";

/**
 * Whether an earlier attempt at this reminder leaves it to try again today. Only a refusal that may
 * since have gone away qualifies: a template may now be set or the holder may have written, so the
 * window is open. While the holder is opted out or blocked nothing is attempted, so they do not get
 * a refused row every day; once they send START or are unblocked the reminder may go after all.
 * One attempt a day at most, even if the lease's "ran today" were lost.
 */
function mayTryAgain(previous: ExpiryReminderAttempt, contact: Contact | undefined, today: string): boolean {
  if (previous.messageStatus !== "refused" || previous.acknowledgedAt !== null) return false;
  if (dayOf(previous.createdAt) >= today) return false;
  return contactRefusal(contact) === null;
}

/**
 * The daily checks: pending declarations past due become overdue, and certificate holders get a
 * reminder at the configured lead times (the nearest lead at or above the days left, so a server
 * that was down catches up without a burst). A lease row makes two instances run it once; a row per
 * (certificate, lead, expiry date) makes each reminder go once. A refused reminder keeps its row
 * but is tried again on a later day (mayTryAgain), so a missing template does not use up a lead time.
 */
export function runDailyChecks(db: Db, options: { holder: string; leadDays: number[]; templateSid?: string; from: string | null }, now = new Date()): DailyRun {
  const today = dayOf(now);
  const lease = inTransaction(db, () => takeLease(db, EXPIRY_JOB, options.holder, now, new Date(now.getTime() + LEASE_MS)));
  if (!lease.taken) return { ran: false, reason: "another instance holds the lease", overdue: 0, reminders: 0, refused: 0 };
  if (lease.lastRunOn === today) {
    inTransaction(db, () => finishLease(db, EXPIRY_JOB, options.holder, today));
    return { ran: false, reason: "already ran today", overdue: 0, reminders: 0, refused: 0 };
  }
  const leads = [...new Set(options.leadDays)].sort((a, b) => a - b);
  return inTransaction(db, () => {
    const overdue = markOverdue(db, today, now);
    let reminders = 0;
    const refusals: { certificateId: number; leadDays: number; messageId: number | null; reason: string }[] = [];
    const horizon = leads.at(-1);
    if (horizon !== undefined && options.from) {
      // A certificate replaced by a renewal recorded beside it gets no reminders: its holder has renewed.
      for (const certificate of currentCertificatesExpiring(db, today, addDays(today, horizon))) {
        const left = daysBetween(today, certificate.expiresOn);
        const lead = leads.find((candidate) => candidate >= left);
        if (lead === undefined) continue;
        const previous = findExpiryReminder(db, certificate.id, lead, certificate.expiresOn);
        // Read once: whether to try again, and whether that try would still be refused.
        const contact = previous ? findContactByPhone(db, certificate.employee.phone) : undefined;
        if (previous && !mayTryAgain(previous, contact, today)) continue;
        const body =
          `Reminder: your ${certificate.name} expires on ${formatDay(certificate.expiresOn)}` +
          `${left === 0 ? " (today)" : ` (in ${plural(left, "day")})`}. Please renew it. Reply ACK to confirm you've seen this.`;
        const content = options.templateSid
          ? { kind: "template" as const, contentSid: options.templateSid, variables: { 1: certificate.employee.name, 2: certificate.name, 3: formatDay(certificate.expiresOn) } }
          : { kind: "text" as const, body };
        if (previous) {
          // Still refused: counted and logged, but no new refused message in their conversation every day.
          const stillRefused = refusalReason(contact, content, now);
          if (stillRefused) {
            refusals.push({ certificateId: certificate.id, leadDays: lead, messageId: previous.messageId, reason: stillRefused });
            continue;
          }
        }
        const queued = enqueueMessage(db, { phone: certificate.employee.phone, from: options.from, content, sentByUserId: null }, now);
        // Recorded even when refused: the row is what limits attempts to one a day, and its refused
        // message keeps ACK from acknowledging it (mayHaveBeenReceived).
        recordExpiryReminder(db, { certificateId: certificate.id, leadDays: lead, expiresOn: certificate.expiresOn, messageId: queued.message.id, at: now }, previous);
        if (queued.queued) reminders++;
        else refusals.push({ certificateId: certificate.id, leadDays: lead, messageId: queued.message.id, reason: queued.reason });
      }
    }
    const refusal = refusals[0]?.reason;
    if (refusal !== undefined) {
      // Nobody watches the server's console; the Logs page is where an admin looks.
      logError(db, DAILY_CHECKS_SOURCE, "expiry reminders refused", { detail: refusedLine(refusals.length, refusal), payload: { refused: refusals } }, now);
    }
    finishLease(db, EXPIRY_JOB, options.holder, today);
    return { ran: true, overdue, reminders, refused: refusals.length, ...(refusal === undefined ? {} : { refusal }) };
  });
}

/** "2 expiry reminders could not be sent: <the first reason>", for the server log and the Logs page. */
export function refusedLine(refused: number, reason: string): string {
  return `${plural(refused, "expiry reminder")} could not be sent: ${reason}`;
}
