import { timingSafeEqual } from "node:crypto";
import type { Db } from "@/db/client";
import type { Env } from "@/lib/env";
import { logError } from "@/lib/errors";
import { clientIp, requestOrigin } from "@/lib/http/forwarded";
import { compileAllowList, isAllowed } from "@/lib/net/cidr";
import { getSettings, type Settings } from "@/lib/settings";
import { twilioCredentials } from "@/lib/twilio/credentials";
import { MalformedFormError, parseForm, type FormParams } from "@/lib/twilio/form";
import { isValidTwilioSignature } from "@/lib/twilio/signature";
import { WEBHOOK_TOKEN_PARAM } from "./urls";

export const MAX_BODY_BYTES = 64 * 1024;

export interface WebhookContext {
  db: Db;
  env: Env;
}

export interface VerifiedWebhook {
  params: FormParams;
  publicUrl: string;
  settings: Settings;
}

export function textResponse(status: number, text: string, headers: Record<string, string> = {}): Response {
  return new Response(text, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers } });
}

export function refuse(context: WebhookContext, source: string, status: number, reason: string, payload?: unknown, detail?: string): Response {
  logError(context.db, source, reason, { detail, payload });
  return textResponse(status, `${status === 403 ? "Forbidden" : "Bad request"}: ${reason}`);
}

type BodyResult = { ok: true; text: string } | { ok: false; status: 400 | 413; reason: string; detail?: string };

/** Reads at most `limit` bytes, stopping as soon as the stream passes it, so a huge body is never held in memory. */
export async function readBodyWithLimit(request: Request, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) return { ok: false, status: 413, reason: "body too large", detail: `Content-Length ${declared} exceeds ${limit} bytes` };
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
      return { ok: false, status: 413, reason: "body too large", detail: `more than ${limit} bytes` };
    }
    chunks.push(value);
  }
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks)) };
  } catch {
    return { ok: false, status: 400, reason: "malformed body", detail: "the body is not valid UTF-8" };
  }
}

function isFormContentType(value: string | null): boolean {
  return value?.split(";")[0]?.trim().toLowerCase() === "application/x-www-form-urlencoded";
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

/** The URL Twilio called and signed: PUBLIC_BASE_URL (or the request's origin) + path + query. */
export function publicUrlOf(request: Request, env: Env): string {
  const url = new URL(request.url);
  return `${env.publicBaseUrl ?? requestOrigin(request.headers)}${url.pathname}${url.search}`;
}

/**
 * Everything a Twilio webhook must pass before it may touch our data: size, content type,
 * encoding, the secret URL token, the IP allow-list and Twilio's signature. Each refusal is a
 * clear 4xx with one error-log row; nothing is stored.
 */
export async function verifyTwilioRequest(request: Request, context: WebhookContext, source: string): Promise<VerifiedWebhook | Response> {
  const body = await readBodyWithLimit(request);
  if (!body.ok) {
    logError(context.db, source, body.reason, { detail: body.detail });
    return textResponse(body.status, `${body.status === 413 ? "Payload too large" : "Bad request"}: ${body.reason}`);
  }
  if (!isFormContentType(request.headers.get("content-type"))) {
    const type = request.headers.get("content-type")?.slice(0, 100) ?? "none";
    logError(context.db, source, "unsupported content type", { detail: `expected application/x-www-form-urlencoded, got ${type}` });
    return textResponse(415, "Unsupported media type: send application/x-www-form-urlencoded");
  }
  let params: FormParams;
  try {
    params = parseForm(body.text);
  } catch (error) {
    if (!(error instanceof MalformedFormError)) throw error;
    return refuse(context, source, 400, "malformed body", { body: body.text }, error.message);
  }

  const settings = getSettings(context.db);
  const publicUrl = publicUrlOf(request, context.env);
  if (settings.webhookTokenEnabled && !sameSecret(new URL(request.url).searchParams.get(WEBHOOK_TOKEN_PARAM), settings.webhookToken)) {
    return refuse(context, source, 403, "invalid URL token", params, "the secret URL token is missing or out of date; copy the URLs from Settings into Twilio");
  }
  if (settings.ipAllowList.length > 0) {
    const ip = clientIp(request.headers);
    if (!isAllowed(allowList(settings.ipAllowList), ip)) return refuse(context, source, 403, "IP address not allowed", params, `request from ${ip}`);
  }
  const { authToken } = twilioCredentials(context.db, context.env);
  if (!isValidTwilioSignature(authToken, request.headers.get("x-twilio-signature"), publicUrl, params)) {
    const detail = request.headers.get("x-twilio-signature") ? `signature does not match ${publicUrl.split("?")[0]}` : "X-Twilio-Signature header is missing";
    return refuse(context, source, 403, "invalid signature", params, detail);
  }
  return { params, publicUrl, settings };
}
