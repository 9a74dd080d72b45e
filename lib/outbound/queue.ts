import { randomUUID } from "node:crypto";
import { inTransaction, type Db } from "@/db/client";
import { ensureContact, findContactById, setOptedOut } from "@/db/queries/contacts";
import { assignSidToOutbound, findMessageById, insertMessage, updateMessageStatus } from "@/db/queries/messages";
import { extendLease, findJobById, insertJob, leaseJob, nextDueJob, updateJob } from "@/db/queries/outbound-jobs";
import { adoptOrphanEvents } from "@/db/queries/status-events";
import type { Contact, Message, OutboundJob } from "@/db/schema";
import { applyStatusEvents } from "@/lib/webhooks/status";

export const WINDOW_MS = 24 * 60 * 60 * 1000;
// Longer than the REST client's timeout (15 s at most), so a live call never loses its lease; a
// retry's lookup and send are two calls, so the lease is renewed between them.
export const LEASE_MS = 20_000;
/** Attempts that end in an answer other than 429 (or none); 429s are bounded by THROTTLED_GIVE_UP_MS instead. */
export const MAX_ATTEMPTS = 6;
/** How long a job keeps trying through an unbroken run of 429s: a throttled campaign waits, it does not fail. */
export const THROTTLED_GIVE_UP_MS = 30 * 60_000;
/**
 * How long a template send that may have reached Twilio waits before it is tried again. A text
 * send is looked up at Twilio by its body first; a template's body is Twilio's rendering, so
 * instead the retry waits for the status callbacks that name the job if Twilio has the message.
 */
export const TEMPLATE_SETTLE_MS = 60_000;

export type OutboundContent = { kind: "text"; body: string } | { kind: "template"; contentSid: string; variables: Record<string, string> };

export interface EnqueueInput {
  /** E.164, e.g. +919812345678. */
  phone: string;
  from: string;
  content: OutboundContent;
  sentByUserId: number | null;
}

export type EnqueueResult = { queued: true; message: Message; job: OutboundJob } | { queued: false; message: Message; reason: string };

/** The send queue's reasons for refusing a message, stored as the refused message's errorMessage. */
export const REFUSALS = {
  blocked: "This number is blocked.",
  optedOut: "This person opted out (sent STOP); they get nothing until they send START.",
  outsideWindow: "Outside the 24-hour window: WhatsApp only allows an approved template until they write again.",
} as const;

/** Why nothing at all may go to this contact, or null. */
export function contactRefusal(contact: Pick<Contact, "blocked" | "optedOut"> | undefined): string | null {
  if (contact?.blocked) return REFUSALS.blocked;
  if (contact?.optedOut) return REFUSALS.optedOut;
  return null;
}

/** Why a message may not go to this contact now, or null when it may. */
export function refusalReason(contact: Contact | undefined, content: Pick<OutboundContent, "kind">, now: Date): string | null {
  const refusal = contactRefusal(contact);
  if (refusal) return refusal;
  if (content.kind === "text") {
    const last = contact?.lastInboundAt?.getTime();
    if (last === undefined || now.getTime() - last > WINDOW_MS) {
      return REFUSALS.outsideWindow;
    }
  }
  return null;
}

export function windowClosesAt(contact: Pick<Contact, "lastInboundAt"> | undefined): Date | null {
  return contact?.lastInboundAt ? new Date(contact.lastInboundAt.getTime() + WINDOW_MS) : null;
}

function describe(content: OutboundContent): string {
  return content.kind === "text" ? content.body : `[Template ${content.contentSid}] ${JSON.stringify(content.variables)}`;
}

/**
 * Stores the outgoing message at once (status "queued") with its job, or stores it refused with
 * the reason: an opted-out, blocked or out-of-window send never reaches the Twilio API.
 */
export function enqueueMessage(db: Db, input: EnqueueInput, now = new Date()): EnqueueResult {
  return inTransaction(db, () => {
    const contact = ensureContact(db, input.phone, now);
    const reason = refusalReason(contact, input.content, now);
    const message = insertMessage(db, {
      direction: "outbound",
      fromAddress: input.from,
      toAddress: `whatsapp:${input.phone}`,
      contactId: contact.id,
      body: describe(input.content),
      status: reason ? "refused" : "queued",
      errorMessage: reason,
      sentByUserId: input.sentByUserId,
      createdAt: now,
      updatedAt: now,
    });
    const job = insertJob(db, {
      messageId: message.id,
      idempotencyKey: randomUUID(),
      contentSid: input.content.kind === "template" ? input.content.contentSid : null,
      contentVariables: input.content.kind === "template" ? input.content.variables : null,
      state: reason ? "refused" : "pending",
      nextAttemptAt: now,
      lastError: reason,
      createdAt: now,
      updatedAt: now,
    });
    return reason ? { queued: false, message, reason } : { queued: true, message, job };
  });
}

export interface ClaimedJob {
  job: OutboundJob;
  message: Message;
}

/**
 * A STOP or a block that came after the job was queued still wins, and so does the 24-hour window
 * closing while free text waited (Twilio would fail it with 63016): the job ends refused, like a
 * refusal at queue time, so no API call is made. One lookup by primary key per job.
 */
function refuseIfContactRefuses(db: Db, job: OutboundJob, message: Message, now: Date): boolean {
  const kind = job.contentSid ? "template" : "text";
  const reason = message.contactId === null ? null : refusalReason(findContactById(db, message.contactId), { kind }, now);
  if (!reason) return false;
  updateJob(db, job.id, { state: "refused", leaseUntil: null, lastError: reason, lastErrorCode: null, updatedAt: now });
  updateMessageStatus(db, message.id, { status: "refused", errorCode: null, errorMessage: reason, at: now });
  return true;
}

const ABANDONED_TEMPLATE = "The worker stopped during this send; waiting for Twilio's status callbacks before trying again.";

/**
 * A template job abandoned mid-send (its lease ran out) may be at Twilio already, and only a
 * callback naming the job can tell. Like a send that failed with mayHaveBeenSent, it goes back to
 * the queue until TEMPLATE_SETTLE_MS after that attempt took its lease (`updatedAt`).
 */
function deferAbandonedTemplate(db: Db, job: OutboundJob, now: Date): boolean {
  if (job.state !== "sending" || !job.contentSid) return false;
  const settledAt = job.updatedAt.getTime() + TEMPLATE_SETTLE_MS;
  if (settledAt <= now.getTime()) return false;
  updateJob(db, job.id, { state: "pending", leaseUntil: null, nextAttemptAt: new Date(settledAt), lastError: ABANDONED_TEMPLATE, lastErrorCode: null, updatedAt: now });
  return true;
}

/**
 * Leases the next due job to this worker in one IMMEDIATE transaction: two workers (or two
 * instances) can never both hold it. A job abandoned mid-send whose message meanwhile got its SID
 * from a status callback is settled here instead of being sent again; an abandoned template
 * without one waits for its callbacks first.
 */
export function claimNextJob(db: Db, now = new Date()): ClaimedJob | null {
  return inTransaction(db, () => {
    for (;;) {
      const job = nextDueJob(db, now);
      if (!job) return null;
      const message = findMessageById(db, job.messageId);
      if (!message) {
        updateJob(db, job.id, { state: "failed", lastError: "message deleted", updatedAt: now });
        continue;
      }
      if (message.messageSid) {
        updateJob(db, job.id, { state: "sent", leaseUntil: null, updatedAt: now });
        continue;
      }
      if (refuseIfContactRefuses(db, job, message, now) || deferAbandonedTemplate(db, job, now)) continue;
      const leaseUntil = new Date(now.getTime() + LEASE_MS);
      if (!leaseJob(db, job, now, leaseUntil)) continue;
      return { job: { ...job, state: "sending", attempts: job.attempts + 1, firstAttemptAt: job.firstAttemptAt ?? now, leaseUntil }, message };
    }
  });
}

/**
 * Renews a claimed job's lease before another API call. Null when this worker may no longer send
 * it: a status callback settled it meanwhile (Twilio has the message), the lease was lost, or the
 * contact opted out, was blocked or (free text) ran out of window during the preceding lookup.
 */
export function renewLease(db: Db, job: OutboundJob, now = new Date()): OutboundJob | null {
  const leaseUntil = new Date(now.getTime() + LEASE_MS);
  return inTransaction(db, () => {
    if (!extendLease(db, job, now, leaseUntil)) return null;
    const message = findMessageById(db, job.messageId);
    if (message && refuseIfContactRefuses(db, job, message, now)) return null;
    return { ...job, leaseUntil };
  });
}

/** Exponential backoff with jitter: ~1 s, 2 s, 4 s … capped at a minute, each between half and all of it. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(60_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}

export function completeJob(db: Db, jobId: number, result: { sid: string; status: string }, now = new Date()): void {
  inTransaction(db, () => {
    const job = findJobById(db, jobId);
    if (!job) return;
    updateJob(db, job.id, { state: "sent", leaseUntil: null, lastError: null, lastErrorCode: null, updatedAt: now });
    if (!assignSidToOutbound(db, job.messageId, result.sid, now)) return;
    const message = findMessageById(db, job.messageId);
    if (!message) return;
    // Callbacks that raced ahead of this answer were kept as orphans: apply them after Twilio's own status.
    const orphans = adoptOrphanEvents(db, result.sid, job.messageId);
    applyStatusEvents(db, message, [{ status: result.status, errorCode: null, errorMessage: null }, ...orphans], now);
  });
}

/** Twilio's "Attempt to send to unsubscribed recipient". */
export const UNSUBSCRIBED_CODE = 21610;
export const UNSUBSCRIBED = "Twilio reports this person unsubscribed (21610): now marked opted out; they get nothing until they send START.";

export function failJob(
  db: Db,
  jobId: number,
  error: { message: string; code: number | null; retryable: boolean; mayHaveBeenSent?: boolean; throttled?: boolean },
  now = new Date(),
  random: () => number = Math.random,
): "retry" | "failed" | "sent" | "refused" {
  return inTransaction(db, () => {
    const job = findJobById(db, jobId);
    if (!job) return "failed";
    // A status callback arrived while we waited for this answer: Twilio has the message, whatever
    // the error (a timeout, a 5xx after the fact). Failing it now would mark a delivered message failed.
    if (job.state === "sent" || findMessageById(db, job.messageId)?.messageSid) {
      updateJob(db, job.id, { state: "sent", leaseUntil: null, updatedAt: now });
      return "sent";
    }
    if (error.code === UNSUBSCRIBED_CODE) {
      // Twilio will refuse every later message too: recording the opt-out stops the rest of this
      // campaign at claim and every later one at enqueue, without calling Twilio again.
      const contactId = findMessageById(db, job.messageId)?.contactId;
      if (contactId) setOptedOut(db, contactId, true, now);
      updateJob(db, job.id, { state: "refused", leaseUntil: null, lastError: UNSUBSCRIBED, lastErrorCode: error.code, updatedAt: now });
      updateMessageStatus(db, job.messageId, { status: "refused", errorCode: error.code, errorMessage: UNSUBSCRIBED, at: now });
      return "refused";
    }
    const retry = (waitMs: number, throttling: Pick<OutboundJob, "throttledAttempts" | "throttledSince">) => {
      updateJob(db, job.id, { state: "pending", leaseUntil: null, nextAttemptAt: new Date(now.getTime() + waitMs), lastError: error.message, lastErrorCode: error.code, ...throttling, updatedAt: now });
      return "retry" as const;
    };
    if (error.throttled) {
      const since = job.throttledSince ?? now;
      if (now.getTime() - since.getTime() < THROTTLED_GIVE_UP_MS) return retry(backoffMs(job.attempts, random), { throttledAttempts: job.throttledAttempts + 1, throttledSince: since });
    } else if (error.retryable && job.attempts - job.throttledAttempts < MAX_ATTEMPTS) {
      // Any other answer ends a run of 429s: the next run gets its own THROTTLED_GIVE_UP_MS.
      return retry(Math.max(backoffMs(job.attempts, random), job.contentSid && error.mayHaveBeenSent ? TEMPLATE_SETTLE_MS : 0), { throttledAttempts: job.throttledAttempts, throttledSince: null });
    }
    // Twilio may have this message despite the error: its first callback naming the job may still
    // replace our failure (assignSidToOutbound), so staff do not resend something already delivered.
    const state = error.retryable && error.mayHaveBeenSent ? "unconfirmed" : "failed";
    updateJob(db, job.id, { state, leaseUntil: null, lastError: error.message, lastErrorCode: error.code, updatedAt: now });
    updateMessageStatus(db, job.messageId, { status: "failed", errorCode: error.code, errorMessage: error.message, at: now });
    return "failed";
  });
}
