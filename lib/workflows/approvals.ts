import { z } from "zod";
import { inTransaction, type Db } from "@/db/client";
import { findContactByPhone } from "@/db/queries/contacts";
import { decideApproval, findApproval, hasPendingApprovalFor, insertApproval, markApprovalNotified, reassignApproval, withdrawApproval } from "@/db/queries/approvals";
import { findEmployee, findEmployeeByPhone } from "@/db/queries/employees";
import { findUserById } from "@/db/queries/users";
import type { ApprovalRequest, Contact, Employee } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit";
import { fillAnswer, type RecordAnswerTexts } from "@/lib/commands/replies";
import type { FieldRefusal } from "@/lib/forms/refusal";
import { enqueueMessage, windowClosesAt, type OutboundContent } from "@/lib/outbound/queue";
import { getSettings } from "@/lib/settings";
import { formatDay, dayOf } from "./dates";

export const approvalInput = z.object({
  reference: z.string().trim().min(1, "Enter the document reference").max(60),
  title: z.string().trim().min(1, "Enter a title").max(200),
  requester: z.string().trim().min(1, "Who is asking?").max(120),
  approverId: z.coerce.number().int().positive("Choose the approver"),
});
export type ApprovalInput = z.infer<typeof approvalInput>;

/**
 * A pending request for one person to decide, audit-logged. Refused, naming the approver input, when
 * that person has left or was deactivated since the form was shown: choosing someone else fixes it.
 */
export function createApprovalRequest(db: Db, actor: Actor, input: ApprovalInput, now = new Date()): { request: ApprovalRequest; approver: Employee } | FieldRefusal {
  return inTransaction(db, () => {
    const approver = findEmployee(db, input.approverId);
    if (!approver?.active) return { error: "Choose an active person as the approver.", field: "approverId" };
    const request = insertApproval(db, input, now);
    recordAudit(db, actor, "approvals.create", { target: `approval ${request.id} ${request.reference}`, after: input }, now);
    return { request, approver };
  });
}

export interface Decision {
  verb: "APPROVE" | "REJECT";
  /** The message text after the command word, as typed. */
  rest: string;
  messageSid: string;
}

/**
 * A reason has to say something: text with no letter or digit in it ("approve 3." — the full stop
 * ending a sentence — or "-", "?!", an emoji) is no reason, so it is not recorded as one and a
 * REJECT that gives only that is asked for a reason like one that gives nothing.
 */
export function meaningfulReason(text: string): string {
  const reason = text.trim().slice(0, 500);
  return /[\p{L}\p{N}]/u.test(reason) ? reason : "";
}

/** "APPROVE 42", "approve #42", "REJECT 42 missing signature" → id and reason. */
export function parseDecision(rest: string): { id: number; reason: string } | null {
  const match = /^\s*#?(\d{1,9})\b\s*(.*)$/s.exec(rest);
  return match ? { id: Number(match[1]), reason: meaningfulReason(match[2] ?? "") } : null;
}

/** The rule APPROVE and REJECT apply: the assigned approver decides a request, and so may anyone flagged as approver. */
function mayDecide(sender: Pick<Employee, "id" | "approver">, request: Pick<ApprovalRequest, "approverId">): boolean {
  return request.approverId === sender.id || sender.approver;
}

/**
 * Whether APPROVE and REJECT from this number would decide something, so HELP lists them: the
 * number is an active employee's (answerFromRecords answers no one else from the records) whom
 * mayDecide accepts for a pending request, that is one flagged as approver or the assigned
 * approver of a request still pending. An employee whose requests were all decided or withdrawn
 * would only be told so, and is not offered the commands.
 */
export function decidesApprovals(db: Db, phone: string): boolean {
  const employee = findEmployeeByPhone(db, phone);
  if (!employee?.active) return false;
  return employee.approver || hasPendingApprovalFor(db, employee.id);
}

/**
 * APPROVE / REJECT from WhatsApp. Acts only for the assigned approver (or an employee flagged as
 * approver) on a pending request; anything else gets a clear refusal and changes nothing. Runs in
 * the webhook's transaction, after the MessageSid was found new, so a replay never decides twice.
 */
export function decideFromWhatsApp(db: Db, sender: Employee, decision: Decision, now: Date, texts: RecordAnswerTexts): string {
  const parsed = parseDecision(decision.rest);
  if (!parsed) return `Please include the request number, e.g. ${decision.verb} 42${decision.verb === "REJECT" ? " reason" : ""}.`;
  const request = findApproval(db, parsed.id);
  if (!request) return `There is no approval request ${parsed.id}. Please check the number.`;
  if (!mayDecide(sender, request)) return `You are not the approver for request ${parsed.id}, so it was not changed.`;
  if (request.status === "withdrawn") {
    return `Request ${parsed.id} was withdrawn${request.withdrawnAt ? ` on ${formatDay(dayOf(request.withdrawnAt))}` : ""}, so there is nothing to decide.`;
  }
  if (request.status !== "pending") {
    const by = request.decidedByEmployeeId ? findEmployee(db, request.decidedByEmployeeId)?.name : undefined;
    return `Request ${parsed.id} was already ${request.status}${by ? ` by ${by}` : ""}${request.decidedAt ? ` on ${formatDay(dayOf(request.decidedAt))}` : ""}.`;
  }
  if (decision.verb === "REJECT" && !parsed.reason) return `Please add a reason: REJECT ${parsed.id} <reason>.`;
  const status = decision.verb === "APPROVE" ? "approved" : "rejected";
  decideApproval(db, request.id, { status, byEmployeeId: sender.id, via: "whatsapp", messageSid: decision.messageSid, reason: parsed.reason || null, at: now });
  recordAudit(
    db,
    { id: null, label: `${sender.name} (${sender.phone}) via WhatsApp` },
    `approvals.${status === "approved" ? "approve" : "reject"}`,
    { target: `approval ${request.id} ${request.reference}`, before: { status: "pending" }, after: { status, messageSid: decision.messageSid, reason: parsed.reason || null } },
    now,
  );
  const values = { id: String(request.id), title: request.title, reference: request.reference, name: sender.name };
  return status === "approved" ? fillAnswer(texts.approved, values) : fillAnswer(texts.rejected, { ...values, reason: parsed.reason });
}

/**
 * What "Notify approver" sends: the full text with the reply to give while the approver's 24-hour
 * window is open; outside it, the approved template when one is set (WhatsApp allows nothing else),
 * else the text, which the queue then refuses with the reason.
 */
export function approvalNotice(
  request: Pick<ApprovalRequest, "id" | "title" | "reference" | "requester">,
  approver: Pick<Contact, "lastInboundAt"> | undefined,
  templateSid: string,
  now: Date,
): OutboundContent {
  const closes = windowClosesAt(approver);
  if (templateSid && !(closes && closes.getTime() > now.getTime())) {
    return { kind: "template", contentSid: templateSid, variables: { 1: String(request.id), 2: request.title, 3: request.reference, 4: request.requester } };
  }
  return {
    kind: "text",
    body: `Approval needed: request ${request.id}, ${request.title} (${request.reference}), asked by ${request.requester}. Reply APPROVE ${request.id} or REJECT ${request.id} <reason>.`,
  };
}

/**
 * A dashboard user as the app names them to other staff (Approvals, Reminders, the inbox's
 * "handled by"): their name, or their email when they have none. Exports keep the email.
 */
export function userName(user: { name: string; email: string }): string {
  return user.name || user.email;
}

/** Within this long of the last notice, another one is sent only once the user confirms that notice. */
export const NOTIFY_CONFIRM_WITHIN_MS = 60 * 60 * 1000;

/**
 * Which notice a "Send another WhatsApp?" was asked about, sent back with the confirmation: the
 * time (ms) of the request's last notice (approval_requests.last_notified_at).
 */
export const noticeMark = z.number().int().nonnegative();

export type NotifyOutcome =
  | { ok: true; approver: Employee; template: boolean }
  /** `templateMissing`: refused as outside the 24-hour window for want of an approval template. */
  | { ok: false; error: string; templateMissing?: boolean }
  /**
   * Notified less than NOTIFY_CONFIRM_WITHIN_MS ago and the user has not confirmed that notice
   * (`round`, to send back to confirm): nothing sent. `superseded`: they had confirmed an earlier
   * notice, and this one went out since (someone else confirmed the same question first).
   */
  | { ok: false; recent: { at: Date; by: string | null; round: number; superseded: boolean }; approver: Employee };

/**
 * "Notify approver": WhatsApps the approver that a request waits for them, through the send queue
 * with its refusals. Refused for a decided or withdrawn request, and for an approver who was
 * deactivated (they could no longer answer: WhatsApp would tell them their number is not
 * registered). A repeat within the hour goes ahead only once the user confirmed that very notice
 * (`confirmedRound`, from the question), so a second click is not a second message by accident: the
 * check and the send share one transaction, so two people confirming the same question send one
 * WhatsApp, and the second is told who sent it. Only a queued message counts as the last notice.
 */
export function notifyApprover(db: Db, actor: Actor, input: { id: number; confirmedRound: number | null; from: string }, now = new Date()): NotifyOutcome {
  return inTransaction(db, (): NotifyOutcome => {
    const request = findApproval(db, input.id);
    if (!request) return { ok: false, error: "That request no longer exists." };
    if (request.status !== "pending") return { ok: false, error: `Request ${request.id} is already ${request.status}.` };
    const approver = findEmployee(db, request.approverId);
    if (!approver) return { ok: false, error: "The approver no longer exists." };
    if (!approver.active) return { ok: false, error: `${approver.name} is no longer active and cannot answer by WhatsApp. Reassign request ${request.id} to someone else, or withdraw it.` };
    const last = request.lastNotifiedAt;
    if (last && input.confirmedRound !== last.getTime() && now.getTime() - last.getTime() < NOTIFY_CONFIRM_WITHIN_MS) {
      const by = request.lastNotifiedByUserId === null ? undefined : findUserById(db, request.lastNotifiedByUserId);
      return { ok: false, recent: { at: last, by: by ? userName(by) : null, round: last.getTime(), superseded: input.confirmedRound !== null }, approver };
    }
    const content = approvalNotice(request, findContactByPhone(db, approver.phone), getSettings(db).approvalTemplateSid, now);
    const result = enqueueMessage(db, { phone: approver.phone, from: input.from, content, sentByUserId: actor.id }, now);
    if (result.queued) markApprovalNotified(db, request.id, actor.id, now);
    recordAudit(db, actor, "approvals.notify", { target: `approval ${request.id}`, after: { to: approver.phone, queued: result.queued, confirmed: input.confirmedRound !== null } }, now);
    if (result.queued) return { ok: true, approver, template: content.kind === "template" };
    return { ok: false, error: result.reason, templateMissing: content.kind === "text" && result.reason.startsWith("Outside the 24-hour window") };
  });
}

// Only a tampered form sends a bad id; it reads as a request that is not there.
const requestId = z.coerce.number({ error: "That request no longer exists." }).int("That request no longer exists.").positive("That request no longer exists.");

export const reassignInput = z.object({
  id: requestId,
  approverId: z.coerce.number().int().positive("Choose the new approver"),
});
export type ReassignInput = z.infer<typeof reassignInput>;

/**
 * Gives a pending request to another active person, audit-logged with who it moves from and to.
 * The way out for a request whose approver left or was deactivated.
 */
export function reassignApprovalRequest(db: Db, actor: Actor, input: ReassignInput, now = new Date()): { request: ApprovalRequest; approver: Employee; previous: Employee | undefined } | FieldRefusal {
  return inTransaction(db, () => {
    const request = findApproval(db, input.id);
    if (!request) return { error: "That request no longer exists." };
    if (request.status !== "pending") return { error: `Request ${request.id} is already ${request.status}.` };
    const approver = findEmployee(db, input.approverId);
    if (!approver?.active) return { error: "Choose an active person as the approver.", field: "approverId" };
    if (approver.id === request.approverId) return { error: `${approver.name} is already the approver. Choose someone else.`, field: "approverId" };
    const previous = findEmployee(db, request.approverId);
    reassignApproval(db, request.id, approver.id, now);
    recordAudit(
      db,
      actor,
      "approvals.reassign",
      {
        target: `approval ${request.id} ${request.reference}`,
        before: { approverId: request.approverId, approver: previous?.name ?? null },
        after: { approverId: approver.id, approver: approver.name },
      },
      now,
    );
    return { request: { ...request, approverId: approver.id }, approver, previous };
  });
}

export const withdrawInput = z.object({
  id: requestId,
  reason: z
    .string()
    .trim()
    .max(500, "Keep the reason under 500 characters")
    .refine((reason) => meaningfulReason(reason) !== "", "Say why the request is withdrawn"),
});
export type WithdrawInput = z.infer<typeof withdrawInput>;

/**
 * Cancels a pending request with a reason: it ends "withdrawn", and an APPROVE or REJECT for it
 * afterwards is told so and changes nothing. Audit-logged with the reason.
 */
export function withdrawApprovalRequest(db: Db, actor: Actor, input: WithdrawInput, now = new Date()): { request: ApprovalRequest } | FieldRefusal {
  return inTransaction(db, () => {
    const request = findApproval(db, input.id);
    if (!request) return { error: "That request no longer exists." };
    if (request.status !== "pending") return { error: `Request ${request.id} is already ${request.status}.` };
    withdrawApproval(db, request.id, { byUserId: actor.id, reason: input.reason, at: now });
    recordAudit(
      db,
      actor,
      "approvals.withdraw",
      { target: `approval ${request.id} ${request.reference}`, before: { status: "pending" }, after: { status: "withdrawn", reason: input.reason } },
      now,
    );
    return { request: { ...request, status: "withdrawn", withdrawnAt: now, withdrawnByUserId: actor.id, withdrawnReason: input.reason } };
  });
}
