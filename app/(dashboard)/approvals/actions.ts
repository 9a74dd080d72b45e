"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { relativeTime } from "@/components/time-ago";
import { authorizeAction } from "@/lib/auth/current";
import { appDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { logFormRefusal, type FormSource } from "@/lib/forms/refusal-log";
import { refusalOf, type FieldRefusal } from "@/lib/forms/refusal";
import { senderAddress } from "@/lib/twilio/credentials";
import { approvalTemplateStep } from "@/lib/workflows/approval-text";
import {
  approvalInput,
  createApprovalRequest,
  noticeMark,
  notifyApprover as notifyApproverOf,
  reassignApprovalRequest,
  reassignInput,
  withdrawApprovalRequest,
  withdrawInput,
} from "@/lib/workflows/approvals";

/**
 * `confirm`: the question to ask before doing it anyway (Notify approver again within the hour), and
 * `round`: the notice it asks about, to send back with the confirmation.
 */
export type FormState = { ok?: boolean; error?: string; field?: string; message?: string; confirm?: string; round?: number };

function refused(source: FormSource, refusal: string | FieldRefusal, payload?: Record<string, unknown>): FormState {
  return logFormRefusal(appDb(), source, refusal, payload);
}

export async function createApproval(_previous: FormState, form: FormData): Promise<FormState> {
  const auth = await authorizeAction();
  if ("refusal" in auth) return auth.refusal;
  const parsed = approvalInput.safeParse({ reference: form.get("reference"), title: form.get("title"), requester: form.get("requester"), approverId: form.get("approverId") });
  if (!parsed.success) return refused("form.approvals.new", refusalOf(parsed.error));
  const created = createApprovalRequest(appDb(), auth.actor, parsed.data);
  if ("error" in created) return refused("form.approvals.new", created, { approverId: parsed.data.approverId });
  revalidatePath("/approvals");
  return { ok: true, message: `Request ${created.request.id} created for ${created.approver.name}.` };
}

const notifyArgs = z.tuple([z.number().int().positive(), noticeMark.nullable()]);

/**
 * WhatsApps the approver that a request waits for them. `confirmedRound`: the notice the user was
 * asked about and confirmed another one after (the question's `round`); a repeat within the hour
 * goes ahead only when that is still the last notice, else it answers with who notified them since
 * (nothing sent) and asks again about that notice.
 */
export async function notifyApprover(id: number, confirmedRound: number | null = null): Promise<FormState> {
  const auth = await authorizeAction();
  if ("refusal" in auth) return auth.refusal;
  const args = notifyArgs.safeParse([id, confirmedRound]);
  if (!args.success) return { ok: false, error: "That request no longer exists." };
  const from = senderAddress(getEnv());
  if (!from) return { ok: false, error: "TWILIO_WHATSAPP_FROM is not set." };
  const outcome = notifyApproverOf(appDb(), auth.actor, { id: args.data[0], confirmedRound: args.data[1], from });
  revalidatePath("/approvals");
  if (outcome.ok) return { ok: true, message: `WhatsApp to ${outcome.approver.name} queued${outcome.template ? " (approval template: outside their 24-hour window)" : ""}.` };
  if ("recent" in outcome) {
    const { recent, approver } = outcome;
    const when = relativeTime(recent.at);
    const notice = recent.superseded
      ? `${recent.by ? `${recent.by} notified ${approver.name}` : `${approver.name} was notified`} ${when}, after you were asked; nothing was sent.`
      : `${approver.name} was notified ${when}${recent.by ? ` by ${recent.by}` : ""}.`;
    return { ok: false, confirm: `${notice} Send another WhatsApp?`, round: recent.round };
  }
  if (!outcome.templateMissing) return { ok: false, error: outcome.error };
  return { ok: false, error: `${outcome.error} ${approvalTemplateStep(auth.user.role)}` };
}

export async function reassignApprover(_previous: FormState, form: FormData): Promise<FormState> {
  const auth = await authorizeAction();
  if ("refusal" in auth) return auth.refusal;
  const parsed = reassignInput.safeParse({ id: form.get("id"), approverId: form.get("approverId") });
  if (!parsed.success) return refused("form.approvals.reassign", refusalOf(parsed.error));
  const reassigned = reassignApprovalRequest(appDb(), auth.actor, parsed.data);
  if ("error" in reassigned) return refused("form.approvals.reassign", reassigned, parsed.data);
  revalidatePath("/approvals");
  return { ok: true, message: `Request ${reassigned.request.id} reassigned to ${reassigned.approver.name}.` };
}

export async function withdrawRequest(_previous: FormState, form: FormData): Promise<FormState> {
  const auth = await authorizeAction();
  if ("refusal" in auth) return auth.refusal;
  const parsed = withdrawInput.safeParse({ id: form.get("id"), reason: form.get("reason") });
  if (!parsed.success) return refused("form.approvals.withdraw", refusalOf(parsed.error));
  const withdrawn = withdrawApprovalRequest(appDb(), auth.actor, parsed.data);
  if ("error" in withdrawn) return refused("form.approvals.withdraw", withdrawn, { id: parsed.data.id });
  revalidatePath("/approvals");
  return { ok: true, message: `Request ${withdrawn.request.id} withdrawn.` };
}
