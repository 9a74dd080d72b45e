import { truncateText } from "@/lib/text";
import { singleField, type FormParams } from "./form";

/** Forward-only order of delivery states; failures are terminal and handled apart. */
const RANK: Record<string, number> = {
  accepted: 1, scheduled: 1, queued: 2, sending: 3, sent: 4, receiving: 4, received: 5, delivered: 6, read: 7,
};
const TERMINAL_FAILURES = new Set(["failed", "undelivered", "canceled"]);
export const KNOWN_STATUSES = new Set([...Object.keys(RANK), ...TERMINAL_FAILURES]);

/**
 * Whether a callback may move a message from `current` to `next`. Callbacks arrive out of order and
 * twice: `read` then a late `delivered` stays `read`, and nothing revives a failed message.
 */
export function shouldAdvance(current: string, next: string): boolean {
  if (current === next || TERMINAL_FAILURES.has(current)) return false;
  const currentRank = RANK[current] ?? 0;
  // A failure report after the handset confirmed delivery is out of order, not news.
  if (TERMINAL_FAILURES.has(next)) return currentRank < (RANK.delivered ?? 6);
  return (RANK[next] ?? 0) > currentRank;
}

export interface StatusCallback {
  messageSid: string;
  status: string;
  errorCode: number | null;
  errorMessage: string | null;
  eventType: string | null;
}

export class InvalidStatusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidStatusError";
  }
}

const single = (params: FormParams, name: string) => singleField(params, name, (reason) => new InvalidStatusError(reason));

export function readStatusCallback(params: FormParams): StatusCallback {
  const messageSid = single(params, "MessageSid") ?? single(params, "SmsSid");
  if (!messageSid) throw new InvalidStatusError("MessageSid is missing");
  if (!/^(SM|MM)[0-9a-f]{32}$/i.test(messageSid)) throw new InvalidStatusError("MessageSid is not an SM or MM message SID");
  const status = (single(params, "MessageStatus") ?? single(params, "SmsStatus") ?? "").toLowerCase();
  if (!status) throw new InvalidStatusError("MessageStatus is missing");
  // A status Twilio adds later (it has, e.g. "partially_delivered") is kept as an event and never
  // moves the message; only something that cannot be a status name at all is refused.
  if (!KNOWN_STATUSES.has(status) && !/^[a-z][a-z_-]{0,31}$/.test(status)) throw new InvalidStatusError(`MessageStatus "${truncateText(status, 40)}" is not a Twilio message status`);
  const code = single(params, "ErrorCode");
  const errorCode = code && /^\d{1,6}$/.test(code) ? Number(code) : null;
  return {
    messageSid,
    status,
    errorCode,
    errorMessage: truncateText(single(params, "ErrorMessage") ?? "", 1024) || null,
    eventType: truncateText(single(params, "EventType") ?? "", 32) || null,
  };
}
