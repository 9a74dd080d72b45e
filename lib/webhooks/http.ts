import { timingSafeEqual } from "node:crypto";
import type { Db } from "@/db/client";
import { SYSTEM_ACTOR } from "@/lib/audit";
import type { Env } from "@/lib/env";
import { logError } from "@/lib/errors";
import { LogBudget } from "@/lib/errors/log-budget";
import { clientIp, requestOrigin, type HeaderReader } from "@/lib/http/forwarded";
import { compileAllowList, isAllowed } from "@/lib/net/cidr";
import { twilioCanCall } from "@/lib/net/public-origin";
import { getSettings, updateSettings, type Settings } from "@/lib/settings";
import { twilioCredentials } from "@/lib/twilio/credentials";
import { MalformedFormError, parseForm, type FormParams } from "@/lib/twilio/form";
import { isValidTwilioSignature } from "@/lib/twilio/signature";
import { WEBHOOK_TOKEN_PARAM } from "./urls";

export const MAX_BODY_BYTES = 64 * 1024;

export interface WebhookContext {
  db: Db;
  env: Env;
  /** Caps the error-log rows refusals write (the server passes one; without it every refusal is logged). */
  refusalLog?: LogBudget;
}

export interface VerifiedWebhook {
  ok: true;
  params: FormParams;
  publicUrl: string;
  /** Where Twilio reaches this server: PUBLIC_BASE_URL (path prefix included) or the request's origin. */
  publicBase: string;
  settings: Settings;
}

export type BodyResult = { ok: true; text: string } | { ok: false; status: 400 | 413; reason: string; detail?: string };

/**
 * A webhook request with its body already read (within the size limit), whichever server it came
 * through: Next's route handlers (a fetch Request) or the launcher's node:http fast path.
 */
export interface WebhookRequest {
  /** The URL as this server received it (path and query are what matter; the origin may be local). */
  url: string;
  headers: HeaderReader;
  body: BodyResult;
}

export interface WebhookReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function textReply(status: number, text: string, headers: Record<string, string> = {}): WebhookReply {
  return { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers }, body: text };
}

const SKIPPED_REASON = "refusals not logged";

export function logSkipped(db: Db, source: string, status: string, skipped: number, budget: LogBudget): void {
  logError(db, source, SKIPPED_REASON, { detail: `${skipped} more ${status} answers within a minute were not logged one by one (at most ${budget.perWindow} a minute are)` });
}

/** One error-log row for a refusal, within the context's budget for its source and status. */
function logRefusal(context: WebhookContext, source: string, status: number, reason: string, details: { detail?: string; payload?: unknown }): void {
  const budget = context.refusalLog;
  if (budget) {
    // Keyed by status, never by reason: a reason can quote the request, and the keys must stay few.
    const { write, skippedBefore } = budget.take(`${source} ${status}`);
    if (skippedBefore > 0) logSkipped(context.db, source, String(status), skippedBefore, budget);
    if (!write) return;
  }
  logError(context.db, source, reason, details);
}

/** Logs how many refusals each budget window left unwritten once it is over (the server calls this every second). */
export function logSkippedRefusals(db: Db, budget: LogBudget): void {
  for (const { key, skipped } of budget.drainEnded()) {
    const [source = "webhook", status = "4xx"] = key.split(" ");
    logSkipped(db, source, status, skipped, budget);
  }
}

export function refuse(context: WebhookContext, source: string, status: number, reason: string, payload?: unknown, detail?: string): WebhookReply {
  logRefusal(context, source, status, reason, { detail, payload });
  return textReply(status, `${status === 403 ? "Forbidden" : "Bad request"}: ${reason}`);
}

export function tooLarge(detail: string): BodyResult {
  return { ok: false, status: 413, reason: "body too large", detail };
}

/** Twilio sends UTF-8; anything else is refused rather than stored with replacement characters. */
export function decodeBody(bytes: Uint8Array): BodyResult {
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, status: 400, reason: "malformed body", detail: "the body is not valid UTF-8" };
  }
}

/** Reads at most `limit` bytes, stopping as soon as the stream passes it, so a huge body is never held in memory. */
export async function readBodyWithLimit(request: Request, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) return tooLarge(`Content-Length ${declared} exceeds ${limit} bytes`);
  if (!request.body) return { ok: true, text: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return tooLarge(`more than ${limit} bytes`);
    }
    chunks.push(value);
  }
  return decodeBody(Buffer.concat(chunks));
}

export async function fromFetchRequest(request: Request): Promise<WebhookRequest> {
  return { url: request.url, headers: request.headers, body: await readBodyWithLimit(request) };
}

export function toFetchResponse(reply: WebhookReply): Response {
  return new Response(reply.body, { status: reply.status, headers: reply.headers });
}

function isFormContentType(value: string | null): boolean {
  return value?.split(";")[0]?.trim().toLowerCase() === "application/x-www-form-urlencoded";
}

/** The current URL token, or for `graceMs` after Regenerate the one it replaced. */
function tokenAccepted(given: string | null, settings: Pick<Settings, "webhookToken" | "previousWebhookToken" | "webhookTokenRotatedAt">, graceMs: number): boolean {
  if (sameSecret(given, settings.webhookToken)) return true;
  return graceMs > 0 && settings.previousWebhookToken !== "" && Date.now() - settings.webhookTokenRotatedAt < graceMs && sameSecret(given, settings.previousWebhookToken);
}

function sameSecret(given: string | null, expected: string): boolean {
  if (!given || !expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const compiledAllowLists = new WeakMap<string[], ReturnType<typeof compileAllowList>>();
function allowList(cidrs: string[]) {
  let list = compiledAllowLists.get(cidrs);
  if (!list) {
    list = compileAllowList(cidrs);
    compiledAllowLists.set(cidrs, list);
  }
  return list;
}

// Behind a local-only origin (the simulator, a benchmark on loopback) every signed webhook would
// ask again: the answer for the last origin is kept, so the hot path parses no URL for it.
let lastLearnable: { origin: string; apiBase: string | undefined; callable: boolean } | undefined;
function learnable(origin: string, apiBase: string | undefined): boolean {
  if (lastLearnable?.origin !== origin || lastLearnable.apiBase !== apiBase) lastLearnable = { origin, apiBase, callable: twilioCanCall(origin, apiBase) };
  return lastLearnable.callable;
}

/** The URL Twilio called and signed: PUBLIC_BASE_URL (or the request's origin) + path + query. */
export function publicUrlOf(request: Pick<WebhookRequest, "url" | "headers">, env: Env): string {
  return underBase(publicBaseOf(request, env), request.url);
}

function underBase(base: string, requestUrl: string): string {
  const url = new URL(requestUrl, "http://localhost");
  return `${base}${url.pathname}${url.search}`;
}

function publicBaseOf(request: Pick<WebhookRequest, "headers">, env: Env): string {
  return env.publicBaseUrl ?? requestOrigin(request.headers);
}

/**
 * Everything a Twilio webhook must pass before it may touch our data: size, content type,
 * encoding, the secret URL token, the IP allow-list and Twilio's signature. Each refusal is a
 * clear 4xx with one error-log row; nothing is stored.
 */
export function verifyTwilioRequest(
  request: WebhookRequest,
  context: WebhookContext,
  source: string,
  options: { previousTokenGraceMs?: number } = {},
): VerifiedWebhook | { ok: false; reply: WebhookReply } {
  const refused = (reply: WebhookReply) => ({ ok: false as const, reply });
  const body = request.body;
  if (!body.ok) {
    logRefusal(context, source, body.status, body.reason, { detail: body.detail });
    // Past the size limit the rest of the body was never read: the connection cannot be reused.
    return refused(textReply(body.status, `${body.status === 413 ? "Payload too large" : "Bad request"}: ${body.reason}`, body.status === 413 ? { connection: "close" } : {}));
  }
  if (!isFormContentType(request.headers.get("content-type"))) {
    const type = request.headers.get("content-type")?.slice(0, 100) ?? "none";
    logRefusal(context, source, 415, "unsupported content type", { detail: `expected application/x-www-form-urlencoded, got ${type}` });
    return refused(textReply(415, "Unsupported media type: send application/x-www-form-urlencoded"));
  }
  let params: FormParams;
  try {
    params = parseForm(body.text);
  } catch (error) {
    if (!(error instanceof MalformedFormError)) throw error;
    return refused(refuse(context, source, 400, "malformed body", { body: body.text }, error.message));
  }

  const settings = getSettings(context.db);
  const publicBase = publicBaseOf(request, context.env);
  const publicUrl = underBase(publicBase, request.url);
  if (settings.webhookTokenEnabled && !tokenAccepted(new URL(request.url, "http://localhost").searchParams.get(WEBHOOK_TOKEN_PARAM), settings, options.previousTokenGraceMs ?? 0)) {
    return refused(refuse(context, source, 403, "invalid URL token", params, "the secret URL token is missing or out of date; copy the URLs from Settings into Twilio"));
  }
  if (settings.ipAllowList.length > 0) {
    const ip = clientIp(request.headers);
    if (!isAllowed(allowList(settings.ipAllowList), ip)) return refused(refuse(context, source, 403, "IP address not allowed", params, `request from ${ip}`));
  }
  const { authToken } = twilioCredentials(context.db, context.env);
  if (!isValidTwilioSignature(authToken, request.headers.get("x-twilio-signature"), publicUrl, params)) {
    const detail = request.headers.get("x-twilio-signature") ? `signature does not match ${publicUrl.split("?")[0]}` : "X-Twilio-Signature header is missing";
    return refused(refuse(context, source, 403, "invalid signature", params, detail));
  }
  // A signed request proves Twilio reaches us there: sends without PUBLIC_BASE_URL name it for their callbacks.
  if (!context.env.publicBaseUrl && settings.twilioReachesUsAt !== publicBase && learnable(publicBase, context.env.twilioApiBase)) {
    updateSettings(context.db, SYSTEM_ACTOR, { twilioReachesUsAt: publicBase }, "settings.twilio_origin_seen");
  }
  return { ok: true, params, publicUrl, publicBase, settings };
}
