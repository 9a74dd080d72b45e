import { inTransaction, type Db } from "@/db/client";
import { assignSidToReply, findMessageById, findMessageBySid, updateMessageStatus } from "@/db/queries/messages";
import { adoptOrphanEvents, insertStatusEvent, type StatusEvent } from "@/db/queries/status-events";
import type { Message } from "@/db/schema";
import { shouldAdvance, type StatusCallback } from "@/lib/twilio/status";

export interface StatusOutcome {
  messageId: number | null;
  status: string | null;
  orphan: boolean;
}

const FAILURES = new Set(["failed", "undelivered"]);

function apply(db: Db, message: Message, events: Pick<StatusEvent, "status" | "errorCode" | "errorMessage">[], at: Date): string {
  let status = message.status;
  let error: { errorCode: number | null; errorMessage: string | null } | undefined;
  for (const event of events) {
    if (!shouldAdvance(status, event.status)) continue;
    status = event.status;
    error = FAILURES.has(event.status) ? { errorCode: event.errorCode, errorMessage: event.errorMessage } : undefined;
  }
  if (status !== message.status) updateMessageStatus(db, message.id, { status, ...(error ?? {}), at });
  return status;
}

/**
 * Records a delivery callback and moves its message forward only. Unknown SIDs are kept as orphan
 * events and adopted when their message appears. `replyId` comes from the TwiML reply's
 * own callback URL: it names the stored reply whose SID Twilio is telling us for the first time.
 */
export function recordStatus(db: Db, callback: StatusCallback, replyId: number | null, now = new Date()): StatusOutcome {
  return inTransaction(db, () => {
    let message = findMessageBySid(db, callback.messageSid);
    if (!message && replyId !== null && assignSidToReply(db, replyId, callback.messageSid, now)) {
      message = findMessageById(db, replyId);
    }
    insertStatusEvent(db, {
      messageSid: callback.messageSid,
      messageId: message?.id ?? null,
      status: callback.status,
      errorCode: callback.errorCode,
      errorMessage: callback.errorMessage,
      eventType: callback.eventType,
      receivedAt: now,
    });
    if (!message) return { messageId: null, status: null, orphan: true };
    const events = adoptOrphanEvents(db, callback.messageSid, message.id);
    return { messageId: message.id, status: apply(db, message, events, now), orphan: false };
  });
}
