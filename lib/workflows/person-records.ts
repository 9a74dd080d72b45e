import { inTransaction, type Db } from "@/db/client";
import { certificatesOf, declarationsOf, deleteCertificate, deleteDeclaration, findEmployee, updateCertificate, updateDeclaration } from "@/db/queries/employees";
import { expiryRemindersOf } from "@/db/queries/jobs";
import { recordAudit, type Actor } from "@/lib/audit";
import type { FieldRefusal } from "@/lib/forms/refusal";
import { dayOf, formatDay } from "./dates";

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
export type RecordEdit = { ok: true } | { ok: false; error: string };

/**
 * The person an entry about one of their records names, as approvers are named (an id beside the
 * name): the name as it was then, so the trail still says whose record it was after a rename or
 * once the person is deleted.
 */
function ownerOf(db: Db, employeeId: number): { employeeId: number; employee: string | null } {
  return { employeeId, employee: findEmployee(db, employeeId)?.name ?? null };
}

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
      ...ownerOf(db, deleted.employeeId),
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
    const before = { ...ownerOf(db, deleted.employeeId), type: deleted.type, period: deleted.period, status: deleted.status, dueOn: deleted.dueOn, submittedOn: deleted.submittedOn };
    recordAudit(db, actor, "people.declaration_delete", { target: `declaration ${declarationId}`, before }, now);
    return { ok: true, name: deleted.type };
  });
}

export interface CertificateValues {
  name: string;
  number: string;
  issuedOn: string;
  expiresOn: string;
}

/** Saves an edit to one of the employee's certificates (its dates already checked); an empty issue date is none. */
export function editCertificateRecord(db: Db, actor: Actor, employeeId: number, certificateId: number, values: CertificateValues, now = new Date()): RecordEdit {
  return inTransaction(db, () => {
    const existing = certificatesOf(db, employeeId).find((certificate) => certificate.id === certificateId);
    if (!existing) return { ok: false, error: "That certificate no longer exists" };
    updateCertificate(db, certificateId, { ...values, issuedOn: values.issuedOn || null }, now);
    const before = { ...ownerOf(db, employeeId), name: existing.name, expiresOn: existing.expiresOn };
    recordAudit(db, actor, "people.certificate_update", { target: `certificate ${certificateId}`, before, after: values }, now);
    return { ok: true };
  });
}

export interface DeclarationValues {
  type: string;
  period: string;
  status: "pending" | "submitted" | "overdue";
  dueOn: string;
}

/** Saves an edit to one of the employee's declarations; one already submitted keeps the day it was. */
export function editDeclarationRecord(db: Db, actor: Actor, employeeId: number, declarationId: number, values: DeclarationValues, now = new Date()): RecordEdit {
  return inTransaction(db, () => {
    const existing = declarationsOf(db, employeeId).find((declaration) => declaration.id === declarationId);
    if (!existing) return { ok: false, error: "That declaration no longer exists" };
    const submittedOn = values.status === "submitted" ? (existing.submittedOn ?? dayOf(now)) : null;
    updateDeclaration(db, declarationId, { ...values, submittedOn }, now);
    const before = { ...ownerOf(db, employeeId), status: existing.status, dueOn: existing.dueOn };
    recordAudit(db, actor, "people.declaration_update", { target: `declaration ${declarationId}`, before, after: values }, now);
    return { ok: true };
  });
}

/** Marks one of the employee's declarations submitted today. */
export function markDeclarationSubmittedRecord(db: Db, actor: Actor, employeeId: number, declarationId: number, now = new Date()): RecordEdit {
  return inTransaction(db, () => {
    const existing = declarationsOf(db, employeeId).find((declaration) => declaration.id === declarationId);
    if (!existing) return { ok: false, error: "That declaration no longer exists" };
    const submittedOn = dayOf(now);
    updateDeclaration(db, declarationId, { status: "submitted", submittedOn }, now);
    const before = { ...ownerOf(db, employeeId), type: existing.type, period: existing.period, status: existing.status };
    recordAudit(db, actor, "people.declaration_submitted", { target: `declaration ${declarationId}`, before, after: { status: "submitted", submittedOn } }, now);
    return { ok: true };
  });
}
