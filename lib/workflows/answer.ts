import type { Db } from "@/db/client";
import type { RecordAnswerTexts } from "@/lib/commands/replies";
import { certificatesOf, findEmployeeByPhone, openDeclarationsOf } from "@/db/queries/employees";
import { acknowledgeFromWhatsApp } from "./acknowledgements";
import { decideFromWhatsApp } from "./approvals";
import { dayOf } from "./dates";
import { certificatesAnswer, pendingAnswer, statusAnswer } from "./records";
import { currentCertificates } from "./renewals";

export const RECORD_COMMANDS = new Set(["STATUS", "PENDING", "NISM", "ACK", "APPROVE", "REJECT"]);

/**
 * Answers a command from the sender's compliance records, or null when the number belongs to no
 * active employee (the caller then sends the "not registered" reply). Effects (an approval, an
 * acknowledgement) happen here, inside the webhook's one transaction. `texts` are the admin's
 * wording from the cached settings, so an answer costs no extra read.
 */
export function answerFromRecords(db: Db, input: { command: string; body: string; phone: string; messageSid: string }, texts: RecordAnswerTexts, now: Date): string | null {
  const employee = findEmployeeByPhone(db, input.phone);
  if (!employee || !employee.active) return null;
  const today = dayOf(now);
  switch (input.command) {
    case "STATUS":
      return statusAnswer(employee.name, openDeclarationsOf(db, employee.id), currentCertificates(certificatesOf(db, employee.id)), today, texts);
    case "PENDING":
      return pendingAnswer(employee.name, openDeclarationsOf(db, employee.id), today, texts);
    case "NISM":
      return certificatesAnswer(employee.name, currentCertificates(certificatesOf(db, employee.id)), today, texts);
    case "ACK":
      return acknowledgeFromWhatsApp(db, employee, input.messageSid, now, texts);
    case "APPROVE":
    case "REJECT": {
      const rest = input.body.trim().replace(/^\S+/, "");
      return decideFromWhatsApp(db, employee, { verb: input.command, rest, messageSid: input.messageSid }, now, texts);
    }
    default:
      return null;
  }
}
