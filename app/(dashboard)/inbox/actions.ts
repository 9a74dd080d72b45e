"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { findContactByPhone } from "@/db/queries/contacts";
import { setThreadHandled } from "@/db/queries/inbox";
import { recordAudit } from "@/lib/audit";
import { authorizeAction } from "@/lib/auth/current";
import { setNumberBlocked } from "@/lib/contacts/block";
import { replyText } from "@/lib/commands/replies";
import { appDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { logError } from "@/lib/errors";
import { phoneFromSegment, threadHref } from "@/lib/inbox/phone-path";
import { enqueueMessage, type OutboundContent } from "@/lib/outbound/queue";
import { senderAddress } from "@/lib/twilio/credentials";

export type ReplyState = { ok?: boolean; error?: string; message?: string; field?: string };

const textForm = z.object({ kind: z.literal("text"), body: replyText });
const templateForm = z.object({
  kind: z.literal("template"),
  contentSid: z.string().trim().regex(/^HX[0-9a-fA-F]{32}$/, "A template's Content SID looks like HX followed by 32 hex characters"),
  variables: z
    .string()
    .trim()
    .transform((text, ctx) => {
      if (text === "") return {};
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed) && Object.values(parsed).every((value) => typeof value === "string")) return parsed as Record<string, string>;
      } catch {
        // fall through to the issue below
      }
      ctx.addIssue({ code: "custom", message: 'Variables must be a JSON object of strings, e.g. {"1": "Asha"}' });
      return z.NEVER;
    }),
});

/** Staff reply from a conversation: stored at once as queued (or refused with the reason), sent by the queue. */
export async function sendReply(phoneSegment: string, _previous: ReplyState, form: FormData): Promise<ReplyState> {
  const auth = await authorizeAction();
  if ("refusal" in auth) return { ok: false, error: auth.refusal.error };
  const db = appDb();
  const phone = phoneFromSegment(phoneSegment);
  const parsed = z.discriminatedUnion("kind", [textForm, templateForm]).safeParse({
    kind: form.get("kind"),
    body: form.get("body") ?? undefined,
    contentSid: form.get("contentSid") ?? undefined,
    variables: form.get("variables") ?? "",
  });
  if (!phone || !parsed.success) {
    const issue = parsed.error?.issues[0];
    const error = !phone ? "That is not a phone number." : (issue?.message ?? "Check the message.");
    logError(db, "inbox", "invalid reply", { detail: error, payload: { phone: phoneSegment, kind: form.get("kind") } });
    // The input at fault is marked and focused (a reply over the limit: the message box).
    const field = phone && typeof issue?.path[0] === "string" ? issue.path[0] : undefined;
    return { ok: false, error, ...(field ? { field } : {}) };
  }
  const from = senderAddress(getEnv());
  if (!from) return { ok: false, error: "TWILIO_WHATSAPP_FROM is not set, so there is no number to send from." };
  const content: OutboundContent = parsed.data.kind === "text" ? { kind: "text", body: parsed.data.body } : { kind: "template", contentSid: parsed.data.contentSid, variables: parsed.data.variables };
  const result = enqueueMessage(db, { phone, from, content, sentByUserId: auth.user.id });
  revalidatePath(threadHref(phone));
  return result.queued ? { ok: true, message: "Queued." } : { ok: false, error: result.reason };
}

export type ThreadActionState = { ok?: boolean; error?: string; message?: string };

/** Mark every open message from this number handled, or reopen the conversation. */
export async function setConversationHandled(phoneSegment: string, handled: boolean): Promise<ThreadActionState> {
  const auth = await authorizeAction();
  if ("refusal" in auth) return { ok: false, error: auth.refusal.error };
  const db = appDb();
  const phone = phoneFromSegment(phoneSegment);
  const contact = phone ? findContactByPhone(db, phone) : undefined;
  if (!contact || typeof handled !== "boolean") return { ok: false, error: "No conversation with that number." };
  const changed = setThreadHandled(db, contact.id, handled ? { by: auth.user.id, at: new Date() } : null);
  recordAudit(db, auth.actor, handled ? "inbox.handled" : "inbox.reopened", { target: contact.phone, after: { messages: changed } });
  revalidatePath(threadHref(contact.phone));
  return { ok: true, message: handled ? "Marked handled." : "Reopened." };
}

/** Admins block or unblock a number from its conversation. */
export async function setConversationBlocked(phoneSegment: string, blocked: boolean): Promise<ThreadActionState> {
  const auth = await authorizeAction("admin");
  if ("refusal" in auth) return { ok: false, error: auth.refusal.error };
  const phone = phoneFromSegment(phoneSegment);
  if (!phone || typeof blocked !== "boolean") return { ok: false, error: "That is not a phone number." };
  setNumberBlocked(appDb(), auth.actor, phone, blocked);
  revalidatePath(threadHref(phone));
  return { ok: true, message: blocked ? "Blocked: their messages are stored without replies." : "Unblocked." };
}
