"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { findApproval } from "@/db/queries/approvals";
import { findContactByPhone } from "@/db/queries/contacts";
import { findEmployee } from "@/db/queries/employees";
import { recordAudit } from "@/lib/audit";
import { authorizeAction } from "@/lib/auth/current";
import { appDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { logError } from "@/lib/errors";
import { refusalOf, refusedState, type FieldRefusal } from "@/lib/forms/refusal";
import { enqueueMessage } from "@/lib/outbound/queue";
import { getSettings } from "@/lib/settings";
import { senderAddress } from "@/lib/twilio/credentials";
import { approvalInput, approvalNotice, createApprovalRequest } from "@/lib/workflows/approvals";

export type FormState = { ok?: boolean; error?: string; field?: string; message?: string };

function refused(refusal: string | FieldRefusal, payload?: unknown): FormState {
  const state = refusedState(refusal);
  logError(appDb(), "approvals", "invalid input", { detail: state.error, payload });
  return state;
}

export async function createApproval(_previous: FormState, form: FormData): Promise<FormState> {
  const auth = await authorizeAction();
  if ("refusal" in auth) return auth.refusal;
  const parsed = approvalInput.safeParse({ reference: form.get("reference"), title: form.get("title"), requester: form.get("requester"), approverId: form.get("approverId") });
  if (!parsed.success) return refused(refusalOf(parsed.error));
  const created = createApprovalRequest(appDb(), auth.actor, parsed.data);
  if ("error" in created) return refused(created, { approverId: parsed.data.approverId });
  revalidatePath("/approvals");
  return { ok: true, message: `Request ${created.request.id} created for ${created.approver.name}.` };
}

/** WhatsApps the approver that a request waits for them (through the send queue, with its refusals). */
export async function notifyApprover(id: number): Promise<FormState> {
  const auth = await authorizeAction();
  if ("refusal" in auth) return auth.refusal;
  const db = appDb();
  const request = z.number().int().positive().safeParse(id).success ? findApproval(db, id) : undefined;
  if (!request) return { ok: false, error: "That request no longer exists." };
  if (request.status !== "pending") return { ok: false, error: `Request ${request.id} is already ${request.status}.` };
  const approver = findEmployee(db, request.approverId);
  const from = senderAddress(getEnv());
  if (!approver || !from) return { ok: false, error: !from ? "TWILIO_WHATSAPP_FROM is not set." : "The approver no longer exists." };
  const now = new Date();
  const content = approvalNotice(request, findContactByPhone(db, approver.phone), getSettings(db).approvalTemplateSid, now);
  const result = enqueueMessage(db, { phone: approver.phone, from, content, sentByUserId: auth.user.id }, now);
  recordAudit(db, auth.actor, "approvals.notify", { target: `approval ${request.id}`, after: { to: approver.phone, queued: result.queued } });
  revalidatePath("/approvals");
  if (result.queued) return { ok: true, message: `WhatsApp to ${approver.name} queued${content.kind === "template" ? " (approval template: outside their 24-hour window)" : ""}.` };
  // Only admins can open Settings; staff are told whom to ask.
  const templateStep = `${auth.user.role === "admin" ? "Set" : "Ask an admin to set"} an approval request template in Settings → Expiry reminders.`;
  const hint = content.kind === "text" && result.reason.startsWith("Outside the 24-hour window") ? ` ${templateStep}` : "";
  return { ok: false, error: result.reason + hint };
}
