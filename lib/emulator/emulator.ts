import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";
import { byteRangeOf } from "@/lib/http/byte-range";
import { encodeForm, formField, MalformedFormError, parseForm, type FormParams } from "@/lib/twilio/form";
import { BODY_TOO_LONG_CODE, MAX_BODY_LENGTH } from "@/lib/twilio/limits";
import { twilioSignature } from "@/lib/twilio/signature";
import { shouldAdvance } from "@/lib/twilio/status";
import { readTwimlMessages } from "./twiml-reader";

export interface EmulatorOptions {
  accountSid: string;
  authToken: string;
  /** The WhatsApp number the emulated account sends from and receives on. */
  whatsappNumber: string;
  /** Messages accepted per second before answering 429 / 20429; 0 disables the limit. */
  rateLimitPerSecond: number;
  /** Delay before each status callback, in milliseconds after the message was created ("queued" defaults to at once). */
  delaysMs: { queued?: number; sent: number; delivered: number; read: number };
  /** Share of messages that fail after "sent" (30003 unreachable). */
  failureRate: number;
  /** Share of messages whose "read" callback is posted before "delivered". */
  outOfOrderRate: number;
  /** Share of status callbacks posted twice, as Twilio does when it is unsure the first one arrived. */
  duplicateRate: number;
  /** Free text to a number without an inbound message in the last 24 hours fails with 63016. */
  enforceWindow: boolean;
  /** How that failure shows: as Twilio does it (201, then a failed callback) or as an immediate 400 error. */
  windowErrors: "callback" | "reject";
  /** Twilio's "When a message comes in" URL: what inbound messages are posted to and signed for. */
  incomingUrl: string | null;
  /** Connect to this origin instead of the URL's own (a proxy in front of the app); the URL is still what gets signed. */
  deliverOrigin: string | null;
  /**
   * How many variables the approved template with this Content SID declares, or null for one it
   * does not know (its variables are then not checked). Twilio fails a send whose ContentVariables
   * are not exactly {{1}}…{{n}} with 63028; simulator mode answers from Settings' saved templates.
   */
  templateVariables: (contentSid: string) => number | null;
  /** Phone media kept in memory; past this the oldest is forgotten (the app then sees it deleted, as on Twilio). */
  mediaKeptBytes: number;
  random: () => number;
}

export interface EmulatedMessage {
  sid: string;
  direction: "inbound" | "outbound-api" | "outbound-reply";
  from: string;
  to: string;
  body: string;
  contentSid: string | null;
  contentVariables: string | null;
  mediaUrls: string[];
  statusCallback: string | null;
  status: string;
  errorCode: number | null;
  createdAt: Date;
  /** Twilio's date_sent: unset while a message waits to go out (queued, accepted, failed before sending). */
  sentAt: Date | null;
}

export interface CallbackRecord {
  url: string;
  sid: string;
  status: string;
  httpStatus: number | null;
}

/**
 * How the emulator answers one of the next create requests. An error is answered before anything is
 * created unless `afterCreate`: Twilio accepted the message and still answered an error. `slowMs`
 * creates the message (its callbacks start) and answers 201 only that much later, past a client's
 * timeout: the send whose answer was lost.
 */
export type ForcedAnswer = { status: number; code: number; message?: string; afterCreate?: boolean } | { slowMs: number };

/** One request to the Messages endpoint as the emulator saw it: what a test counts to prove backoff. */
export interface RequestRecord {
  at: number;
  kind: "create" | "list";
  httpStatus: number;
  code: number | null;
  /** The message this request created, even when the answer was an error or came late. */
  sid: string | null;
}

const WINDOW_MS = 24 * 60 * 60 * 1000;
const ERROR_TEXT: Record<number, string> = {
  20003: "Authenticate",
  20404: "The requested resource was not found",
  20429: "Too Many Requests",
  21211: "The 'To' number is not a valid phone number.",
  21602: "Message body is required.",
  21603: "The 'From' phone number is required.",
  21609: "Invalid StatusCallback url",
  21610: "Attempt to send to unsubscribed recipient",
  21655: "The ContentSid is Invalid.",
  21617: "The concatenated message body exceeds the 1600 character limit.",
  21656: "The ContentVariables Parameter is invalid.",
  63016: "Failed to send freeform message because you are outside the allowed window. If you want to send messages outside the allowed window, use a Template.",
  63028: "Number of parameters provided does not match the expected number of parameters",
};

export const DEFAULT_EMULATOR_OPTIONS = {
  rateLimitPerSecond: 0,
  delaysMs: { sent: 50, delivered: 150, read: 300 },
  failureRate: 0,
  outOfOrderRate: 0,
  duplicateRate: 0,
  enforceWindow: true,
  windowErrors: "callback",
  incomingUrl: null,
  deliverOrigin: null,
  mediaKeptBytes: 64 * 1024 * 1024,
  templateVariables: () => null,
  random: Math.random,
} satisfies Partial<EmulatorOptions>;

function sid(prefix: string): string {
  return `${prefix}${randomBytes(16).toString("hex")}`;
}

/** Twilio's date format, e.g. "Thu, 30 Jul 2015 20:12:31 +0000" (toUTCString says "GMT" instead). */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace(/GMT$/, "+0000");
}

const CDN_PATH = "/__cdn";

/** This emulator's own base URL as the caller reached it (it may be mounted under a path inside the app's server). */
function ownBase(req: IncomingMessage, pathname: string): string {
  const requestPath = (req.url ?? "/").split("?")[0] ?? "/";
  return `http://${req.headers.host ?? "127.0.0.1"}${requestPath.slice(0, requestPath.length - pathname.length)}`;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function twilioError(res: ServerResponse, status: number, code: number, message = ERROR_TEXT[code] ?? "Error"): void {
  json(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

async function readBody(req: IncomingMessage, limit = 256 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function phoneOf(address: string): string | null {
  const match = /^(?:whatsapp:)?(\+[1-9]\d{6,14})$/.exec(address.trim());
  return match?.[1] ?? null;
}

/**
 * A local Twilio: the Messages REST endpoint with Twilio's answers and errors, signed status
 * callbacks, and a phone side (inbound messages posted to the app's webhook, TwiML replies acted
 * on). Everything it "sent" stays inspectable for tests and the Simulator page.
 */
export class TwilioEmulator {
  readonly options: EmulatorOptions;
  readonly messages: EmulatedMessage[] = [];
  readonly callbacks: CallbackRecord[] = [];
  readonly requests: RequestRecord[] = [];
  private readonly lastInbound = new Map<string, number>();

  /**
   * When each phone last wrote, as the app recorded it: a restarted server's emulator would
   * otherwise treat every 24-hour window as closed while the app shows it open.
   */
  rememberInbound(entries: Iterable<{ phone: string; at: Date }>): void {
    for (const { phone, at } of entries) {
      if (at.getTime() > (this.lastInbound.get(phone) ?? -Infinity)) this.lastInbound.set(phone, at.getTime());
    }
  }
  // Photos the phone sent, by their media path; served like Twilio does (see serveMedia).
  private readonly media = new Map<string, { contentType: string; data: Buffer }>();
  private readonly cdnKey = randomBytes(16);
  private readonly acceptedAt: number[] = [];
  private readonly forced: ForcedAnswer[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(options: Partial<EmulatorOptions> & Pick<EmulatorOptions, "accountSid" | "authToken">) {
    // A copy of the delays: configure() changes them in place, and the defaults are shared.
    this.options = { whatsappNumber: "whatsapp:+14155238886", ...DEFAULT_EMULATOR_OPTIONS, ...options, delaysMs: { ...DEFAULT_EMULATOR_OPTIONS.delaysMs, ...options.delaysMs } };
  }

  /** Handles `pathname` (already stripped of any mount prefix); answers 404 for anything else. */
  async handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    try {
      // The CDN a media URL redirects to: a presigned link, no account credentials (S3 refuses both at once).
      if (pathname.startsWith(CDN_PATH)) return this.serveCdn(req, res, pathname);
      if (!this.authorized(req)) return twilioError(res, 401, 20003);
      const create = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(pathname);
      if (create && req.method === "POST") {
        if (create[1] !== this.options.accountSid) return twilioError(res, 401, 20003);
        return await this.createMessage(req, res);
      }
      if (create && req.method === "GET") {
        if (create[1] !== this.options.accountSid) return twilioError(res, 401, 20003);
        this.requests.push({ at: Date.now(), kind: "list", httpStatus: 200, code: null, sid: null });
        return json(res, 200, this.list(new URL(req.url ?? "/", "http://emulator").searchParams, pathname));
      }
      const fetchOne = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\.json$/.exec(pathname);
      if (fetchOne && req.method === "GET") {
        const message = this.messages.find((item) => item.sid === fetchOne[2]);
        return message ? json(res, 200, this.resource(message)) : twilioError(res, 404, 20404);
      }
      const media = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\/Media\/([^/]+)$/.exec(pathname);
      if (media && req.method === "GET") return this.serveMedia(req, res, pathname, media[1]!);
      if (pathname === "/__emulator/messages" && req.method === "GET") return json(res, 200, { messages: this.messages, callbacks: this.callbacks, requests: this.requests, scheduled: this.scheduled });
      if (pathname === "/__emulator/conversation" && req.method === "GET") {
        const phone = new URL(req.url ?? "/", "http://emulator").searchParams.get("phone") ?? "";
        return json(res, 200, { messages: this.conversation(phone) });
      }
      if (pathname === "/__emulator/inbound" && req.method === "POST") {
        return json(res, 200, await this.receiveFromPhone(JSON.parse(await readBody(req, 8 * 1024 * 1024)) as InboundInput, ownBase(req, pathname)));
      }
      if (pathname === "/__emulator/config" && req.method === "POST") {
        this.configure(JSON.parse(await readBody(req)) as EmulatorConfigPatch);
        return json(res, 200, { ok: true });
      }
      if (pathname === "/__emulator/reset" && req.method === "POST") {
        this.reset();
        return json(res, 200, { ok: true });
      }
      return twilioError(res, 404, 20404);
    } catch (error) {
      if (!res.headersSent) json(res, 400, { code: 0, message: error instanceof Error ? error.message : "bad request", status: 400 });
    }
  }

  /** Keeps a file, forgetting the oldest past mediaKeptBytes: in simulator mode all of it lives in the server's memory. */
  private keepMedia(mediaPath: string, file: { contentType: string; data: Buffer }): void {
    this.media.set(mediaPath, file);
    let kept = 0;
    for (const stored of this.media.values()) kept += stored.data.length;
    for (const [oldest, stored] of this.media) {
      if (kept <= this.options.mediaKeptBytes || oldest === mediaPath) break;
      this.media.delete(oldest);
      kept -= stored.data.length;
    }
  }

  /** Twilio answers a media URL with a redirect to a short-lived presigned CDN link. */
  private serveMedia(req: IncomingMessage, res: ServerResponse, pathname: string, accountSid: string): void {
    if (accountSid !== this.options.accountSid || !this.media.has(pathname)) return twilioError(res, 404, 20404);
    const expires = Date.now() + 60_000;
    const location = `${ownBase(req, pathname)}${CDN_PATH}${pathname}?Expires=${expires}&Signature=${this.cdnSignature(pathname, expires)}`;
    res.writeHead(307, { location, "content-type": "application/json" });
    res.end(JSON.stringify({ redirect_to: location }));
  }

  private serveCdn(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    const mediaPath = pathname.slice(CDN_PATH.length);
    const query = new URL(req.url ?? "/", "http://emulator").searchParams;
    const expires = Number(query.get("Expires"));
    const stored = this.media.get(mediaPath);
    if (req.headers.authorization) return json(res, 400, { error: "InvalidArgument", message: "Only one auth mechanism allowed" });
    if (!stored || !(expires > Date.now()) || query.get("Signature") !== this.cdnSignature(mediaPath, expires)) return json(res, 403, { error: "AccessDenied" });
    // Like S3 behind Twilio's CDN: one byte range on request, for players that seek.
    const range = byteRangeOf(req.headers.range ?? null, stored.data.length);
    if (range === "unsatisfiable") {
      res.writeHead(416, { "content-range": `bytes */${stored.data.length}`, "accept-ranges": "bytes" });
      return void res.end();
    }
    if (range) {
      res.writeHead(206, {
        "content-type": stored.contentType,
        "content-length": range.end - range.start + 1,
        "content-range": `bytes ${range.start}-${range.end}/${stored.data.length}`,
        "accept-ranges": "bytes",
      });
      return void res.end(stored.data.subarray(range.start, range.end + 1));
    }
    res.writeHead(200, { "content-type": stored.contentType, "content-length": stored.data.length, "accept-ranges": "bytes" });
    res.end(stored.data);
  }

  private cdnSignature(mediaPath: string, expires: number): string {
    return createHmac("sha256", this.cdnKey).update(`${mediaPath}:${expires}`).digest("hex");
  }

  private authorized(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? "";
    if (!header.startsWith("Basic ")) return false;
    const given = Buffer.from(header.slice(6), "base64");
    const expected = Buffer.from(`${this.options.accountSid}:${this.options.authToken}`);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private overRate(now: number): boolean {
    const limit = this.options.rateLimitPerSecond;
    while (this.acceptedAt.length && (this.acceptedAt[0] ?? 0) <= now - 1000) this.acceptedAt.shift();
    if (limit > 0 && this.acceptedAt.length >= limit) return true;
    this.acceptedAt.push(now);
    return false;
  }

  private async createMessage(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let params: FormParams;
    try {
      params = parseForm(await readBody(req));
    } catch (error) {
      if (error instanceof MalformedFormError) return twilioError(res, 400, 21602, error.message);
      throw error;
    }
    const now = Date.now();
    const forced = this.forced.shift();
    const record = (httpStatus: number, code: number | null, created: string | null) => this.requests.push({ at: now, kind: "create", httpStatus, code, sid: created });
    const refuse = (status: number, code: number, message?: string) => {
      record(status, code, null);
      twilioError(res, status, code, message);
    };
    if (forced && "status" in forced && !forced.afterCreate) return refuse(forced.status, forced.code, forced.message);
    if (this.overRate(now)) return refuse(429, 20429);

    const to = formField(params, "To") ?? "";
    const from = formField(params, "From") ?? "";
    const body = formField(params, "Body") ?? "";
    const contentSid = formField(params, "ContentSid") ?? null;
    const contentVariables = formField(params, "ContentVariables") ?? null;
    const statusCallback = formField(params, "StatusCallback") ?? null;
    const mediaUrls = ([] as string[]).concat(params.MediaUrl ?? []);
    if (!phoneOf(to)) return refuse(400, 21211, `The 'To' number ${to.slice(0, 40)} is not a valid phone number.`);
    if (!from && !formField(params, "MessagingServiceSid")) return refuse(400, 21603);
    if (!body && !contentSid && mediaUrls.length === 0) return refuse(400, 21602);
    if (body.length > MAX_BODY_LENGTH) return refuse(400, BODY_TOO_LONG_CODE);
    if (contentSid && !/^HX[0-9a-f]{32}$/i.test(contentSid)) return refuse(400, 21655);
    let variables: unknown = null;
    if (contentVariables) {
      try {
        variables = JSON.parse(contentVariables);
      } catch {
        return refuse(400, 21656);
      }
    }
    if (statusCallback) {
      try {
        if (!/^https?:$/.test(new URL(statusCallback).protocol)) throw new Error("scheme");
      } catch {
        return refuse(400, 21609);
      }
    }

    const outsideWindow = this.options.enforceWindow && !contentSid && now - (this.lastInbound.get(phoneOf(to) ?? "") ?? -Infinity) > WINDOW_MS;
    if (outsideWindow && this.options.windowErrors === "reject") return refuse(400, 63016);

    const message: EmulatedMessage = {
      sid: sid(mediaUrls.length ? "MM" : "SM"),
      direction: "outbound-api",
      from: from || this.options.whatsappNumber,
      to,
      body: contentSid ? `[template ${contentSid}] ${contentVariables ?? ""}`.trim() : body,
      contentSid,
      contentVariables,
      mediaUrls,
      statusCallback,
      status: "queued",
      errorCode: null,
      createdAt: new Date(now),
      sentAt: null,
    };
    this.messages.push(message);
    this.scheduleLifecycle(message, outsideWindow ? 63016 : contentSid && !this.variablesMatch(contentSid, variables) ? 63028 : null);
    if (forced && "status" in forced) {
      record(forced.status, forced.code, message.sid);
      return twilioError(res, forced.status, forced.code, forced.message);
    }
    record(201, null, message.sid);
    const answer = this.resource(message);
    if (!forced) return json(res, 201, answer);
    // The client has given up by now; answering at all (if the socket is still open) is what Twilio would do.
    this.later(() => {
      if (!res.destroyed) json(res, 201, answer);
    }, forced.slowMs);
  }

  /**
   * Twilio's list page: filtered by To, From and DateSent (>, <, or a day), newest first, one page.
   * DateSent filters on the date a message went out: one still waiting to be sent has none, and no
   * DateSent filter finds it (what a lookup for a lost answer must not rely on).
   */
  private list(query: URLSearchParams, uri: string) {
    const day = (value: string | null) => (value ? Date.parse(`${value.slice(0, 10)}T00:00:00Z`) : NaN);
    const after = day(query.get("DateSent>"));
    const before = day(query.get("DateSent<"));
    const on = day(query.get("DateSent"));
    const byDate = !Number.isNaN(after) || !Number.isNaN(before) || !Number.isNaN(on);
    const to = query.get("To");
    const from = query.get("From");
    const messages = this.messages
      .filter((message) => message.direction !== "inbound")
      .filter((message) => (!to || message.to === to) && (!from || message.from === from))
      .filter((message) => {
        if (!byDate) return true;
        if (!message.sentAt) return false;
        const sent = message.sentAt.getTime();
        const startOfDay = sent - (sent % 86_400_000);
        return (Number.isNaN(after) || startOfDay >= after) && (Number.isNaN(before) || startOfDay <= before) && (Number.isNaN(on) || startOfDay === on);
      })
      .reverse()
      .slice(0, Number(query.get("PageSize") ?? 50));
    return { messages: messages.map((message) => this.resource(message)), start: 0, end: messages.length, page: 0, page_size: messages.length, uri, first_page_uri: uri, next_page_uri: null, previous_page_uri: null };
  }

  private resource(message: EmulatedMessage) {
    const path = `/2010-04-01/Accounts/${this.options.accountSid}/Messages/${message.sid}.json`;
    return {
      sid: message.sid,
      account_sid: this.options.accountSid,
      api_version: "2010-04-01",
      body: message.body,
      date_created: rfc2822(message.createdAt),
      date_updated: rfc2822(message.createdAt),
      date_sent: message.sentAt ? rfc2822(message.sentAt) : null,
      direction: message.direction,
      error_code: message.errorCode,
      error_message: null,
      from: message.from,
      to: message.to,
      messaging_service_sid: null,
      num_media: String(message.mediaUrls.length),
      num_segments: "1",
      price: null,
      price_unit: "USD",
      status: message.status,
      subresource_uris: { media: path.replace(/\.json$/, "/Media.json") },
      uri: path,
    };
  }

  /** Whether these ContentVariables are exactly the template's {{1}}…{{n}}, when the template is known. */
  private variablesMatch(contentSid: string, variables: unknown): boolean {
    const declared = this.options.templateVariables(contentSid);
    if (declared === null) return true;
    const keys = variables && typeof variables === "object" ? Object.keys(variables).sort() : [];
    const expected = Array.from({ length: declared }, (_, index) => String(index + 1)).sort();
    return keys.length === expected.length && keys.every((key, index) => key === expected[index]);
  }

  /** queued → sent → delivered → read, or a failure, each as a signed callback after its delay. */
  private scheduleLifecycle(message: EmulatedMessage, forcedError: number | null): void {
    const { delaysMs, failureRate, outOfOrderRate, random } = this.options;
    const steps: { status: string; at: number; errorCode?: number }[] = [{ status: "queued", at: delaysMs.queued ?? 0 }];
    if (forcedError) steps.push({ status: "failed", at: delaysMs.sent, errorCode: forcedError });
    else if (random() < failureRate) steps.push({ status: "sent", at: delaysMs.sent }, { status: "undelivered", at: delaysMs.delivered, errorCode: 30003 });
    else {
      const swap = random() < outOfOrderRate;
      steps.push({ status: "sent", at: delaysMs.sent }, { status: "delivered", at: swap ? delaysMs.read : delaysMs.delivered }, { status: "read", at: swap ? delaysMs.delivered : delaysMs.read });
    }
    for (const step of steps) {
      this.later(() => {
        // The resource shows where the message got to, whatever order the callbacks were posted in.
        if (shouldAdvance(message.status, step.status)) message.status = step.status;
        // Delivered or read before "sent" (callbacks out of order) still means it went out.
        if (!message.sentAt && step.status !== "queued" && step.status !== "failed") message.sentAt = new Date();
        if (step.errorCode) message.errorCode = step.errorCode;
        if (!message.statusCallback) return;
        void this.postCallback(message, step.status, step.errorCode);
        if (random() < this.options.duplicateRate) this.later(() => void this.postCallback(message, step.status, step.errorCode), 5);
      }, step.at);
    }
  }

  /** Callbacks and late answers still to come: zero means a test has seen everything the emulator will do. */
  get scheduled(): number {
    return this.timers.size;
  }

  private later(run: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }

  private async postCallback(message: EmulatedMessage, status: string, errorCode?: number): Promise<void> {
    const url = message.statusCallback!;
    const params: FormParams = {
      MessageSid: message.sid, SmsSid: message.sid, MessageStatus: status, SmsStatus: status,
      AccountSid: this.options.accountSid, From: message.from, To: message.to, ApiVersion: "2010-04-01",
      ChannelPrefix: "whatsapp", ChannelToAddress: message.to.replace(/^whatsapp:/, ""),
      ...(status === "delivered" || status === "read" ? { EventType: status.toUpperCase() } : {}),
      ...(errorCode ? { ErrorCode: String(errorCode), ErrorMessage: `Emulated error ${errorCode}` } : {}),
    };
    const record: CallbackRecord = { url, sid: message.sid, status, httpStatus: null };
    this.callbacks.push(record);
    try {
      record.httpStatus = (await this.postSigned(url, params)).status;
    } catch {
      record.httpStatus = 0;
    }
  }

  /**
   * POSTs a signed form like Twilio. With deliverOrigin it connects there but keeps the signed URL's
   * Host header, as a reverse proxy in front of the app would.
   */
  private postSigned(url: string, params: FormParams): Promise<{ status: number; contentType: string; text: string }> {
    const signed = new URL(url);
    const target = this.options.deliverOrigin ? new URL(`${signed.pathname}${signed.search}`, this.options.deliverOrigin) : signed;
    const body = encodeForm(params);
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        target,
        {
          method: "POST",
          timeout: 15_000,
          headers: {
            host: signed.host,
            "content-type": "application/x-www-form-urlencoded",
            "content-length": Buffer.byteLength(body),
            "x-twilio-signature": twilioSignature(this.options.authToken, url, params),
            "user-agent": "TwilioProxy/1.1 (switchboard emulator)",
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers["content-type"] ?? ""), text: Buffer.concat(chunks).toString("utf8") }));
          res.on("error", reject);
        },
      );
      req.on("timeout", () => req.destroy(new Error("timed out after 15 s (Twilio error 11200)")));
      req.on("error", reject);
      req.end(body);
    });
  }

  /** The phone side: a person sends a WhatsApp message; the app's webhook gets it signed, and its TwiML is acted on. */
  async receiveFromPhone(input: InboundInput, ownUrl?: string): Promise<InboundResult> {
    const phone = phoneOf(input.from);
    if (!phone) throw new Error("from must be a phone number in international format");
    const incomingUrl = input.url ?? this.options.incomingUrl;
    if (!incomingUrl) throw new Error("no incoming webhook URL is configured");
    const attached = input.media ?? null;
    const messageSid = sid(input.mediaUrl || attached ? "MM" : "SM");
    const mediaUrls = input.mediaUrl ? [input.mediaUrl] : [];
    if (attached) {
      if (!ownUrl) throw new Error("media can only be attached through the emulator's HTTP endpoint");
      // Stored as Twilio stores it: under the message, fetchable only with the account's credentials.
      const mediaPath = `/2010-04-01/Accounts/${this.options.accountSid}/Messages/${messageSid}/Media/${sid("ME")}`;
      this.keepMedia(mediaPath, { contentType: attached.contentType, data: Buffer.from(attached.base64, "base64") });
      mediaUrls.push(`${ownUrl}${mediaPath}`);
    }
    const hasLocation = input.latitude !== undefined && input.longitude !== undefined;
    const params: FormParams = {
      SmsMessageSid: messageSid, NumMedia: String(mediaUrls.length), ProfileName: input.profileName ?? "", SmsSid: messageSid,
      WaId: phone.slice(1), SmsStatus: "received", Body: input.body ?? "", To: this.options.whatsappNumber, NumSegments: "1",
      ReferralNumMedia: "0", MessageSid: messageSid, AccountSid: this.options.accountSid, From: `whatsapp:${phone}`, ApiVersion: "2010-04-01",
      MessageType: mediaUrls.length ? "image" : hasLocation ? "location" : "text",
    };
    mediaUrls.forEach((url, index) => {
      params[`MediaUrl${index}`] = url;
      params[`MediaContentType${index}`] = attached?.contentType ?? input.mediaContentType ?? "image/jpeg";
    });
    if (hasLocation) {
      params.Latitude = String(input.latitude);
      params.Longitude = String(input.longitude);
      if (input.address) params.Address = input.address;
      if (input.label) params.Label = input.label;
    }
    const now = Date.now();
    this.lastInbound.set(phone, now);
    this.messages.push({
      sid: messageSid, direction: "inbound", from: `whatsapp:${phone}`, to: this.options.whatsappNumber, body: input.body ?? "", contentSid: null,
      contentVariables: null, mediaUrls, statusCallback: null, status: "received", errorCode: null, createdAt: new Date(now),
      sentAt: new Date(now),
    });

    const response = await this.postSigned(incomingUrl, params);
    const twiml = response.text;
    const replies = response.status === 200 && /xml/.test(response.contentType) ? readTwimlMessages(twiml) : [];
    const created = replies.map((reply) => {
      const message: EmulatedMessage = {
        sid: sid("SM"), direction: "outbound-reply", from: this.options.whatsappNumber, to: `whatsapp:${phone}`, body: reply.body,
        contentSid: null, contentVariables: null, mediaUrls: [], statusCallback: reply.action, status: "queued", errorCode: null, createdAt: new Date(), sentAt: null,
      };
      this.messages.push(message);
      this.scheduleLifecycle(message, null);
      return { sid: message.sid, body: message.body };
    });
    return { messageSid, httpStatus: response.status, twiml, replies: created };
  }

  conversation(phone: string): EmulatedMessage[] {
    const target = phoneOf(phone);
    return this.messages.filter((message) => phoneOf(message.direction === "inbound" ? message.from : message.to) === target);
  }

  configure(patch: EmulatorConfigPatch): void {
    const { failNext, delaysMs, ...rest } = patch;
    // A new limit starts a fresh one-second window.
    if (rest.rateLimitPerSecond !== undefined) this.acceptedAt.length = 0;
    Object.assign(this.options, rest);
    if (delaysMs) Object.assign(this.options.delaysMs, delaysMs);
    for (const answer of failNext ?? []) this.forced.push("status" in answer ? { ...answer, message: answer.message ?? ERROR_TEXT[answer.code] ?? "Error" } : answer);
  }

  reset(): void {
    this.close();
    this.messages.length = 0;
    this.callbacks.length = 0;
    this.requests.length = 0;
    this.lastInbound.clear();
    this.media.clear();
    this.acceptedAt.length = 0;
    this.forced.length = 0;
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

export interface InboundInput {
  /** The app's webhook URL as configured in "Twilio"; defaults to the emulator's incomingUrl option. */
  url?: string;
  from: string;
  profileName?: string;
  body?: string;
  mediaUrl?: string;
  mediaContentType?: string;
  /** A file the phone sends, kept by the emulator behind a Twilio-style media URL (Basic auth, then a CDN redirect). */
  media?: { contentType: string; base64: string };
  latitude?: number;
  longitude?: number;
  address?: string;
  label?: string;
}

export interface InboundResult {
  messageSid: string;
  httpStatus: number;
  twiml: string;
  replies: { sid: string; body: string }[];
}

export type EmulatorConfigPatch = Partial<Pick<EmulatorOptions, "rateLimitPerSecond" | "failureRate" | "outOfOrderRate" | "duplicateRate" | "enforceWindow" | "windowErrors" | "incomingUrl" | "deliverOrigin">> & {
  delaysMs?: Partial<EmulatorOptions["delaysMs"]>;
  /** Answers for the next create requests, in order, e.g. [{ status: 429, code: 20429 }] or [{ slowMs: 3000 }]. */
  failNext?: ForcedAnswer[];
};
