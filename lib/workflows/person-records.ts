import { inTransaction, type Db } from "@/db/client";
import { deleteCertificate, deleteDeclaration } from "@/db/queries/employees";
import { expiryRemindersOf } from "@/db/queries/jobs";
import { recordAudit, type Actor } from "@/lib/audit";
import type { FieldRefusal } from "@/lib/forms/refusal";
import { formatDay } from "./dates";

/** Days as YYYY-MM-DD compare as text. An expiry on the issue day is odd but possible (a one-day permit). */
export function expiresBeforeIssue(issuedOn: string | null, expiresOn: string): boolean {
  return issuedOn !== null && issuedOn !== "" && expiresOn < issuedOn;
}

/**
 * A certificate cannot run out before it was issued: refused on the expiry input, the one people
 * mistype more often (the issue date is copied off the certificate, the expiry worked out).
 */
export function certificateDatesRefusal(dates: { issuedOn: string | null; expiresOn: string }): FieldRefusal | null {
  if (!expiresBeforeIssue(dates.issuedOn, dates.expiresOn)) return null;
  return { error: `The expiry date is before the issue date (${formatDay(dates.issuedOn ?? "")})`, field: "expiresOn" };
}

export type Deletion = { ok: true; name: string } | { ok: false; error: string };

/**
 * Deletes a certificate entered by mistake. Its expiry-reminder rows go with it (the foreign key
 * cascades), so the daily checks stop reminding and an ACK no longer acknowledges it. What those
 * reminders said stays where it always was, in the holder's conversation (the messages are not
 * touched); the audit entry keeps the certificate and its reminders' bookkeeping, message ids
 * included, so the deletion can be traced back to them.
 */
export function deleteCertificateRecord(db: Db, actor: Actor, employeeId: number, certificateId: number, now = new Date()): Deletion {
  return inTransaction(db, () => {
    const reminders = expiryRemindersOf(db, certificateId);
    const deleted = deleteCertificate(db, employeeId, certificateId);
    if (!deleted) return { ok: false, error: "That certificate no longer exists" };
    const before = {
      employeeId: deleted.employeeId,
      name: deleted.name,
      number: deleted.number,
      issuedOn: deleted.issuedOn,
      expiresOn: deleted.expiresOn,
      reminders: reminders.map(({ certificateId: _certificate, ...reminder }) => reminder),
    };
    recordAudit(db, actor, "people.certificate_delete", { target: `certificate ${certificateId}`, before }, now);
    return { ok: true, name: deleted.name };
  });
}

/** Deletes a declaration entered by mistake; nothing else refers to one. */
export function deleteDeclarationRecord(db: Db, actor: Actor, employeeId: number, declarationId: number, now = new Date()): Deletion {
  return inTransaction(db, () => {
    const deleted = deleteDeclaration(db, employeeId, declarationId);
    if (!deleted) return { ok: false, error: "That declaration no longer exists" };
    const before = { employeeId: deleted.employeeId, type: deleted.type, period: deleted.period, status: deleted.status, dueOn: deleted.dueOn, submittedOn: deleted.submittedOn };
    recordAudit(db, actor, "people.declaration_delete", { target: `declaration ${declarationId}`, before }, now);
    return { ok: true, name: deleted.type };
  });
}
