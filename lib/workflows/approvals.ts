import { z } from "zod";
import { inTransaction, type Db } from "@/db/client";
import { decideApproval, findApproval, insertApproval } from "@/db/queries/approvals";
import { findEmployee } from "@/db/queries/employees";
import type { ApprovalRequest, Contact, Employee } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit";
import { fillAnswer, type RecordAnswerTexts } from "@/lib/commands/replies";
import type { FieldRefusal } from "@/lib/forms/refusal";
import { windowClosesAt, type OutboundContent } from "@/lib/outbound/queue";
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
  if (request.approverId !== sender.id && !sender.approver) return `You are not the approver for request ${parsed.id}, so it was not changed.`;
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
