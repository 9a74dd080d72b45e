import { commitTogether } from "@/db/group-commit";
import { findJobByKey } from "@/db/queries/outbound-jobs";
import { activeRules } from "@/lib/commands/rules";
import { InvalidInboundError, readInbound } from "@/lib/twilio/inbound";
import { InvalidStatusError, readStatusCallback } from "@/lib/twilio/status";
import { messagingTwiml } from "@/lib/twilio/twiml";
import { fromFetchRequest, refuse, textReply, toFetchResponse, verifyTwilioRequest, type VerifiedWebhook, type WebhookContext, type WebhookReply, type WebhookRequest } from "./http";
import { receiveMessage } from "./incoming";
import { recordStatus } from "./status";
import { webhookUrls } from "./urls";

export const INCOMING_SOURCE = "webhook.incoming";
export const STATUS_SOURCE = "webhook.status";
const REPLY_PARAM = "reply";
export const JOB_PARAM = "job";

/**
 * The TwiML reply's own status callback: our status URL under the same public base (a
 * PUBLIC_BASE_URL path prefix included, the URL token too) naming the stored reply.
 */
function replyCallbackUrl(verified: Pick<VerifiedWebhook, "publicBase" | "settings">, replyId: number): string {
  const callback = new URL(webhookUrls(verified.publicBase, verified.settings).status);
  callback.searchParams.set(REPLY_PARAM, String(replyId));
  return callback.toString();
}

export async function receiveIncoming(request: WebhookRequest, context: WebhookContext): Promise<WebhookReply> {
  const verified = verifyTwilioRequest(request, context, INCOMING_SOURCE);
  if (!verified.ok) return verified.reply;
  let inbound;
  try {
    inbound = readInbound(verified.params);
  } catch (error) {
    if (!(error instanceof InvalidInboundError)) throw error;
    return refuse(context, INCOMING_SOURCE, 400, error.message, verified.params);
  }
  const rules = activeRules(context.db);
  const outcome = await commitTogether(context.db, () => receiveMessage(context.db, inbound, { settings: verified.settings, rules }));
  const twiml = messagingTwiml(outcome.reply ? { body: outcome.reply.body, statusCallbackUrl: replyCallbackUrl(verified, outcome.reply.id) } : null);
  return { status: 200, headers: { "content-type": "text/xml; charset=utf-8", "cache-control": "no-store" }, body: twiml };
}

/** The message our own callback URL names: a TwiML reply's id, or the send job's idempotency key. */
function candidateMessageId(context: WebhookContext, query: URLSearchParams): number | null {
  const reply = query.get(REPLY_PARAM);
  if (reply && /^\d{1,15}$/.test(reply)) return Number(reply);
  const key = query.get(JOB_PARAM);
  return key && key.length <= 64 ? (findJobByKey(context.db, key)?.messageId ?? null) : null;
}

/**
 * How long status callbacks may still carry the URL token Regenerate replaced: messages sent before
 * keep their callback URL, and a read receipt can come days later. Incoming messages get no grace.
 */
export const STATUS_TOKEN_GRACE_MS = 7 * 24 * 60 * 60 * 1000;

export async function receiveStatus(request: WebhookRequest, context: WebhookContext): Promise<WebhookReply> {
  const verified = verifyTwilioRequest(request, context, STATUS_SOURCE, { previousTokenGraceMs: STATUS_TOKEN_GRACE_MS });
  if (!verified.ok) return verified.reply;
  let callback;
  try {
    callback = readStatusCallback(verified.params);
  } catch (error) {
    if (!(error instanceof InvalidStatusError)) throw error;
    return refuse(context, STATUS_SOURCE, 400, error.message, verified.params);
  }
  const candidate = candidateMessageId(context, new URL(verified.publicUrl).searchParams);
  await commitTogether(context.db, () => recordStatus(context.db, callback, candidate));
  return textReply(200, "OK");
}

/** The same webhooks as fetch handlers, for Next's route handlers. */
export const handleIncomingRequest = async (request: Request, context: WebhookContext): Promise<Response> =>
  toFetchResponse(await receiveIncoming(await fromFetchRequest(request), context));
export const handleStatusRequest = async (request: Request, context: WebhookContext): Promise<Response> =>
  toFetchResponse(await receiveStatus(await fromFetchRequest(request), context));
