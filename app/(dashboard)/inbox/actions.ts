"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { findContactByPhone } from "@/db/queries/contacts";
import { authorizeAction } from "@/lib/auth/current";
import { setNumberBlocked } from "@/lib/contacts/block";
import { replyText } from "@/lib/commands/replies";
import { appDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { logError } from "@/lib/errors";
import { refusalOf } from "@/lib/forms/refusal";
import { setConversationHandledState } from "@/lib/inbox/handled";
import { phoneFromSegment, threadHref } from "@/lib/inbox/phone-path";
import { enqueueMessage, type OutboundContent } from "@/lib/outbound/queue";
import { senderAddress } from "@/lib/twilio/credentials";
import { getSettings } from "@/lib/settings";
import { templateVariables } from "@/lib/templates";

/** `sent`: what was queued, so the reply box clears a text it sent but keeps one a template did not. */
export type ReplyState = { ok?: boolean; error?: string; message?: string; field?: string; sent?: OutboundContent["kind"] };

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

/**
 * A template picked by name from Settings' list, with its variables from their own fields; null
 * when none was picked (free text, or a Content SID typed by hand).
 */
function savedTemplateContent(form: FormData): { content: Extract<OutboundContent, { kind: "template" }> } | { error: string; field: string } | null {
  const choice = form.get("template");
  if (typeof choice !== "string" || choice === "" || choice === "other") return null;
  const template = getSettings(appDb()).templates.find((candidate) => candidate.contentSid === choice);
  if (!template) return { error: "That template is no longer in Settings' list: reload the page and choose again.", field: "template" };
  const filled = templateVariables(template, (field) => String(form.get(field) ?? ""));
  return "error" in filled ? filled : { content: { kind: "template", contentSid: template.contentSid, variables: filled.variables } };
}

/** Staff reply from a conversation: stored at once as queued (or refused with the reason), sent by the queue. */
export async function sendReply(phoneSegment: string, _previous: ReplyState, form: FormData): Promise<ReplyState> {
  const auth = await authorizeAction();
  if ("refusal" in auth) return { ok: false, error: auth.refusal.error };
  const db = appDb();
  const phone = phoneFromSegment(phoneSegment);
  const content: ReturnType<typeof replyContent> = phone ? replyContent(form) : { error: "That is not a phone number." };
  if (!phone || "error" in content) {
    const refusal = "error" in content ? content : { error: "That is not a phone number." };
    logError(db, "inbox", "invalid reply", { detail: refusal.error, payload: { phone: phoneSegment, kind: form.get("kind"), template: form.get("template") } });
    return { ok: false, ...refusal };
  }
  const from = senderAddress(getEnv());
  if (!from) return { ok: false, error: "TWILIO_WHATSAPP_FROM is not set, so there is no number to send from." };
  const result = enqueueMessage(db, { phone, from, content, sentByUserId: auth.user.id });
  revalidatePath(threadHref(phone));
  return result.queued ? { ok: true, message: "Queued.", sent: content.kind } : { ok: false, error: result.reason };
}

/** What the reply form asks to send, or why not with the input at fault (a reply over the limit: the message box). */
function replyContent(form: FormData): OutboundContent | { error: string; field?: string } {
  const saved = form.get("kind") === "template" ? savedTemplateContent(form) : null;
  if (saved) return "error" in saved ? saved : saved.content;
  const parsed = z.discriminatedUnion("kind", [textForm, templateForm]).safeParse({
    kind: form.get("kind"),
    body: form.get("body") ?? undefined,
    contentSid: form.get("contentSid") ?? undefined,
    variables: form.get("variables") ?? "",
  });
  if (!parsed.success) return refusalOf(parsed.error, "Check the message.");
  return parsed.data.kind === "text" ? { kind: "text", body: parsed.data.body } : { kind: "template", contentSid: parsed.data.contentSid, variables: parsed.data.variables };
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
  // Idempotent: when someone else got there first, it says so and changes (and audits) nothing.
  const outcome = setConversationHandledState(db, auth.actor, contact, handled, auth.user.id);
  revalidatePath(threadHref(contact.phone));
  return { ok: true, message: outcome.message };
}

/** Admins block or unblock a number from its conversation. */
export async function setConversationBlocked(phoneSegment: string, blocked: boolean): Promise<ThreadActionState> {
  const auth = await authorizeAction("admin");
  if ("refusal" in auth) return { ok: false, error: auth.refusal.error };
  const phone = phoneFromSegment(phoneSegment);
  if (!phone || typeof blocked !== "boolean") return { ok: false, error: "That is not a phone number." };
  // Idempotent: when someone else got there first, it says so and changes (and audits) nothing.
  const { changed } = setNumberBlocked(appDb(), auth.actor, phone, blocked);
  revalidatePath(threadHref(phone));
  if (!changed) return { ok: true, message: blocked ? "Already blocked." : "Already unblocked." };
  return { ok: true, message: blocked ? "Blocked: their messages are stored without replies." : "Unblocked." };
}
