import { inTransaction, type Db } from "@/db/client";
import { assignSidToOutbound, findMessageById, findMessageBySid, updateMessageStatus } from "@/db/queries/messages";
import { settleJobForMessage } from "@/db/queries/outbound-jobs";
import { adoptOrphans, eventsForMessage, insertStatusEvent, type StatusEvent } from "@/db/queries/status-events";
import type { Message } from "@/db/schema";
import { shouldAdvance, type StatusCallback } from "@/lib/twilio/status";

export interface StatusOutcome {
  messageId: number | null;
  status: string | null;
  orphan: boolean;
}

const FAILURES = new Set(["failed", "undelivered"]);

type StatusFact = Pick<StatusEvent, "status" | "errorCode" | "errorMessage"> & { receivedAt?: Date };

function earliest(events: StatusFact[], statuses: string[]): Date | undefined {
  return events
    .filter((event) => event.receivedAt && statuses.includes(event.status))
    .map((event) => event.receivedAt!)
    .sort((a, b) => a.getTime() - b.getTime())[0];
}

/**
 * Replays status events onto a message through the forward-only rule; failures keep their error.
 * Also notes when Twilio first reported it sent and delivered, for the delivery-latency figures.
 */
export function applyStatusEvents(db: Db, message: Message, events: StatusFact[], at: Date): string {
  let status = message.status;
  let error: { errorCode: number | null; errorMessage: string | null } | undefined;
  for (const event of events) {
    if (!shouldAdvance(status, event.status)) continue;
    status = event.status;
    error = FAILURES.has(event.status) ? { errorCode: event.errorCode, errorMessage: event.errorMessage } : undefined;
  }
  const sentAt = message.sentAt ? undefined : earliest(events, ["sent"]);
  const deliveredAt = message.deliveredAt ? undefined : earliest(events, ["delivered", "read"]);
  if (status !== message.status || sentAt || deliveredAt) updateMessageStatus(db, message.id, { status, ...(error ?? {}), sentAt, deliveredAt, at });
  return status;
}

/**
 * Records a delivery callback and moves its message forward only. Unknown SIDs are kept as orphan
 * events and adopted when their message appears. `candidateId` comes from our own callback URL
 * (a TwiML reply's id or a send job's key): the stored message whose SID Twilio tells us first here.
 */
export function recordStatus(db: Db, callback: StatusCallback, candidateId: number | null, now = new Date()): StatusOutcome {
  return inTransaction(db, () => {
    let message = findMessageBySid(db, callback.messageSid);
    if (!message && candidateId !== null && assignSidToOutbound(db, candidateId, callback.messageSid, now)) {
      message = findMessageById(db, candidateId);
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
    const event = { status: callback.status, errorCode: callback.errorCode, errorMessage: callback.errorMessage, receivedAt: now };
    // The message's status already folds in its earlier events (forward only), so only this one needs
    // applying, unless orphans that arrived before the message just joined it.
    const events = adoptOrphans(db, callback.messageSid, message.id) > 0 ? eventsForMessage(db, message.id) : [event];
    // A callback proves Twilio accepted the send, even if the worker never heard its answer.
    settleJobForMessage(db, message.id, now);
    return { messageId: message.id, status: applyStatusEvents(db, message, events, now), orphan: false };
  });
}
