import twilio from "twilio";
import RequestClient from "twilio/lib/base/RequestClient";
import RestException from "twilio/lib/base/RestException";
import { getEnv } from "@/lib/env";
import { basicAuthorization } from "./credentials";

/** Sends the package's requests to another host (the local emulator) instead of api.twilio.com. */
class RedirectingRequestClient extends RequestClient {
  constructor(
    private readonly apiBase: string,
    timeout: number,
  ) {
    super({ timeout });
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request({ ...opts, uri: opts.uri.replace(/^https?:\/\/[^/]+/, this.apiBase) });
  }
}

export interface RestCredentials {
  accountSid: string;
  authToken: string;
  /** Where the REST API lives; undefined means Twilio itself. */
  apiBase?: string;
  /** How long to wait for an answer; TWILIO_TIMEOUT_MS (15 s) unless given. */
  timeoutMs?: number;
}

export interface OutgoingMessage {
  from: string;
  to: string;
  body?: string;
  contentSid?: string;
  contentVariables?: Record<string, string>;
  /** Null: Twilio is not told where to post delivery statuses (no public address known yet). */
  statusCallback: string | null;
}

export interface SendResult {
  sid: string;
  status: string;
}

/** A refusal from Twilio (or no answer at all) in the terms the send queue decides on. */
export class TwilioSendError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number | null,
    readonly code: number | null,
  ) {
    super(message);
    this.name = "TwilioSendError";
  }

  /** 429 and 5xx are worth another try, and so is a request that never got an answer. */
  get retryable(): boolean {
    return this.httpStatus === null || this.httpStatus === 429 || this.httpStatus >= 500;
  }

  /**
   * 429: Twilio pacing the account; nothing was created. Its Retry-After header cannot be honoured:
   * the package's RestException keeps only the status and the JSON body.
   */
  get throttled(): boolean {
    return this.httpStatus === 429;
  }

  /** No answer, or a 5xx: Twilio may have created the message all the same. */
  get mayHaveBeenSent(): boolean {
    return this.httpStatus === null || this.httpStatus >= 500;
  }
}

/** A message as Twilio's list shows it. */
export interface HeldMessage extends SendResult {
  body: string;
  /** outbound-api for a REST send; outbound-reply for a TwiML reply, inbound, outbound-call. */
  direction: string;
  /** Whole seconds: Twilio's date_created is RFC 2822. */
  dateCreated: Date;
}

export interface MessageSender {
  send(message: OutgoingMessage): Promise<SendResult>;
  /**
   * Messages Twilio holds from `from` to `to`: those sent since `since` (day-granular) and the
   * conversation's newest, sent or not, newest first. To find a send whose answer was lost.
   */
  sentSince(criteria: { from: string; to: string; since: Date }): Promise<HeldMessage[]>;
}

function asSendError(error: unknown): TwilioSendError {
  if (error instanceof RestException) return new TwilioSendError(error.message, error.status, error.code ?? null);
  return new TwilioSendError(error instanceof Error ? error.message : "no answer from Twilio", null, null);
}

/** The one REST client: the official package, pointed at Twilio or at the emulator through its httpClient option. */
export function createMessageSender(credentials: RestCredentials): MessageSender {
  // Always our own RequestClient: the package's default waits 30 s, longer than the send queue's lease.
  const timeout = credentials.timeoutMs ?? getEnv().twilioTimeoutMs;
  const httpClient = credentials.apiBase ? new RedirectingRequestClient(credentials.apiBase, timeout) : new RequestClient({ timeout });
  const client = twilio(credentials.accountSid, credentials.authToken, { httpClient });
  return {
    async send(message) {
      try {
        const created = await client.messages.create({
          from: message.from,
          to: message.to,
          ...(message.statusCallback ? { statusCallback: message.statusCallback } : {}),
          ...(message.contentSid ? { contentSid: message.contentSid, contentVariables: JSON.stringify(message.contentVariables ?? {}) } : { body: message.body ?? "" }),
        });
        return { sid: created.sid, status: created.status };
      } catch (error) {
        throw asSendError(error);
      }
    },
    async sentSince({ from, to, since }) {
      try {
        // DateSent only matches messages that went out: one Twilio accepted but still holds
        // (queued, no date_sent yet) is missing from that list, and sending it again would double
        // it. The newest messages of the conversation, whatever their date, are asked for too.
        const [sent, newest] = await Promise.all([
          client.messages.list({ from, to, dateSentAfter: since, limit: 50 }),
          client.messages.list({ from, to, limit: 50 }),
        ]);
        const bySid = new Map([...newest, ...sent].map((message) => [message.sid, message]));
        // The package leaves a date it could not parse as the string it got.
        return [...bySid.values()]
          .map((message) => ({ sid: message.sid, status: message.status, body: message.body, direction: message.direction, dateCreated: new Date(message.dateCreated) }))
          .sort((a, b) => (b.dateCreated.getTime() || 0) - (a.dateCreated.getTime() || 0));
      } catch (error) {
        throw asSendError(error);
      }
    },
  };
}

const TWILIO_API = "https://api.twilio.com";
const MEDIA_PATH = /^[A-Za-z0-9]{34}\/Media\/[A-Za-z0-9]{34}$/;

/**
 * Whether `url` is a file Twilio keeps for this account (a photo or voice note someone sent):
 * only such URLs are ever fetched with the account's credentials.
 */
export function isTwilioMediaUrl(url: string, account: Pick<RestCredentials, "accountSid" | "apiBase">): boolean {
  const prefix = `${account.apiBase ?? TWILIO_API}/2010-04-01/Accounts/${account.accountSid}/Messages/`;
  return url.startsWith(prefix) && MEDIA_PATH.test(url.slice(prefix.length));
}

/**
 * Fetches stored media. Twilio wants Basic auth for it, then redirects to a presigned CDN link,
 * which is followed without the credentials: they must never reach another host. A `range` (one
 * `bytes=` range) goes to both, so a player can seek without loading the whole file first.
 */
export async function fetchTwilioMedia(account: RestCredentials, url: string, options: { range?: string } = {}): Promise<Response> {
  if (!isTwilioMediaUrl(url, account)) throw new Error("not a media URL of this Twilio account");
  // The timeout covers waiting for an answer, not streaming a large video once it has started.
  const timeoutMs = account.timeoutMs ?? getEnv().twilioTimeoutMs;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no answer from Twilio within ${timeoutMs} ms`)), timeoutMs);
  try {
    const range: Record<string, string> = options.range ? { range: options.range } : {};
    const first = await fetch(url, { headers: { authorization: basicAuthorization(account), ...range }, redirect: "manual", signal: controller.signal });
    const location = first.headers.get("location");
    if (first.status < 300 || first.status >= 400 || !location) return first;
    await first.body?.cancel();
    return await fetch(new URL(location, url), { headers: range, redirect: "follow", signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}
