"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { jsonText } from "@/lib/forms/json-text";
import { findEmployee, insertCertificate, insertDeclaration } from "@/db/queries/employees";
import { recordAudit } from "@/lib/audit";
import { authorizeAction } from "@/lib/auth/current";
import { InvalidNumberError, toE164 } from "@/lib/contacts/block";
import { appDb } from "@/lib/db";
import { IMPORT_TOO_LARGE, MAX_IMPORT_BYTES } from "@/lib/csv/parse";
import { logFormRefusal, type FormSource } from "@/lib/forms/refusal-log";
import { refusalOf, refusedState, type FieldRefusal } from "@/lib/forms/refusal";
import { dayOf } from "@/lib/workflows/dates";
import { certificateDatesRefusal, deleteCertificateRecord, deleteDeclarationRecord, editCertificateRecord, editDeclarationRecord, markDeclarationSubmittedRecord } from "@/lib/workflows/person-records";
import { importCsv, type ImportOutcome } from "@/lib/workflows/people-import";
import { savePersonRecord, type LoadedPerson } from "@/lib/workflows/person-save";

export type FormState = { ok?: boolean; error?: string; field?: string; message?: string };
export type PreviewState = FormState & Partial<ImportOutcome>;

const day = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-12-31");
const personForm = z.object({
  name: z.string().trim().min(1, "Enter a name").max(120),
  employeeCode: z.string().trim().min(1, "Enter the employee code").max(40),
  phone: z.string().trim().min(1, "Enter the WhatsApp number"),
  department: z.string().trim().max(80),
  managerId: z.coerce.number().int().nonnegative(),
  approver: z.boolean(),
  active: z.boolean(),
});

function invalid(source: FormSource, refusal: string | FieldRefusal, payload?: Record<string, unknown>): FormState {
  return logFormRefusal(appDb(), source, refusal, payload);
}

/** What the edit form was opened with (hidden inputs): the row's updated_at and its values then. */
const loadedForm = z.object({
  updatedAt: z.coerce.number().int().nonnegative(),
  values: jsonText("Reload the page")
    .pipe(personForm.partial().extend({ managerId: z.number().int().positive().nullable().optional() }))
    .optional(),
});

export async function savePerson(_previous: FormState, form: FormData): Promise<FormState> {
  const auth = await authorizeAction();
  if ("refusal" in auth) return auth.refusal;
  const parsed = personForm.safeParse({
    name: form.get("name"), employeeCode: form.get("employeeCode"), phone: form.get("phone"), department: form.get("department") ?? "",
    managerId: form.get("managerId") || 0, approver: form.get("approver") === "on", active: form.get("active") === "on",
  });
  if (!parsed.success) return invalid("form.people.person", refusalOf(parsed.error));
  let phone: string;
  try {
    phone = toE164(parsed.data.phone);
  } catch (error) {
    return invalid("form.people.person", { error: error instanceof InvalidNumberError ? error.message : "Check the number", field: "phone" });
  }
  const id = Number(form.get("id") || 0);
  let loaded: LoadedPerson | undefined;
  if (id) {
    const version = loadedForm.safeParse({ updatedAt: form.get("updatedAt") ?? undefined, values: form.get("loaded") ?? undefined });
    if (!version.success) return invalid("form.people.person", "Reload the page before saving: the form did not say which version it edits.", { id });
    loaded = version.data;
  }
  const values = { ...parsed.data, phone, managerId: parsed.data.managerId || null };
  const result = savePersonRecord(appDb(), auth.actor, { id: id || undefined, values, loaded });
  if (!result.ok) {
    // Another admin's save is not bad input: refused without an error-log entry.
    return result.conflict ? refusedState(result.error) : invalid("form.people.person", { error: result.error, field: result.field });
  }
  revalidatePath("/people");
  if (id) revalidatePath(`/people/${id}`);
  return { ok: true, message: id ? "Saved." : `Added ${values.name}.` };
}

export async function importPeople(_previous: PreviewState, form: FormData): Promise<PreviewState> {
  const auth = await authorizeAction();
  if ("refusal" in auth) return auth.refusal;
  const file = form.get("file");
  const kind = String(form.get("kind") ?? "people");
  if (!(file instanceof Blob) || file.size === 0) return { ok: false, error: "Choose a CSV file first." };
  if (file.size > MAX_IMPORT_BYTES) return invalid("form.people.import", IMPORT_TOO_LARGE);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const result = importCsv(appDb(), auth.actor, kind === "certificates" || kind === "declarations" ? kind : "people", bytes, form.get("intent") === "commit");
  if (result.committed) revalidatePath("/people");
  return result;
}

const certificateForm = z.object({ employeeId: z.coerce.number().int().positive(), name: z.string().trim().min(1, "Name the certificate").max(120), number: z.string().trim().max(60), issuedOn: z.union([day, z.literal("")]), expiresOn: day });
const declarationForm = z.object({ employeeId: z.coerce.number().int().positive(), type: z.string().trim().min(1, "Enter the declaration type").max(120), period: z.string().trim().max(60), status: z.enum(["pending", "submitted", "overdue"]), dueOn: day });

export async function addCertificate(_previous: FormState, form: FormData): Promise<FormState> {
  const auth = await authorizeAction();
  if ("refusal" in auth) return auth.refusal;
  const parsed = certificateForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return invalid("form.people.certificate-add", refusalOf(parsed.error));
  const dates = certificateDatesRefusal({ issuedOn: parsed.data.issuedOn || null, expiresOn: parsed.data.expiresOn });
  if (dates) return invalid("form.people.certificate-add", dates);
  const db = appDb();
  if (!findEmployee(db, parsed.data.employeeId)) return invalid("form.people.certificate-add", "That person no longer exists");
  insertCertificate(db, { ...parsed.data, issuedOn: parsed.data.issuedOn || null }, new Date());
  recordAudit(db, auth.actor, "people.certificate_add", { target: `employee ${parsed.data.employeeId}`, after: parsed.data });
  revalidatePath(`/people/${parsed.data.employeeId}`);
  return { ok: true, message: "Certificate added." };
}

export async function addDeclaration(_previous: FormState, form: FormData): Promise<FormState> {
  const auth = await authorizeAction();
  if ("refusal" in auth) return auth.refusal;
  const parsed = declarationForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return invalid("form.people.declaration-add", refusalOf(parsed.error));
  const db = appDb();
  if (!findEmployee(db, parsed.data.employeeId)) return invalid("form.people.declaration-add", "That person no longer exists");
  insertDeclaration(db, { ...parsed.data, submittedOn: parsed.data.status === "submitted" ? dayOf(new Date()) : null }, new Date());
  recordAudit(db, auth.actor, "people.declaration_add", { target: `employee ${parsed.data.employeeId}`, after: parsed.data });
  revalidatePath(`/people/${parsed.data.employeeId}`);
  return { ok: true, message: "Declaration added." };
}

export async function markDeclarationSubmitted(employeeId: number, declarationId: number): Promise<FormState> {
  const auth = await authorizeAction();
  if ("refusal" in auth) return auth.refusal;
  const ids = z.object({ employeeId: z.number().int().positive(), declarationId: z.number().int().positive() }).safeParse({ employeeId, declarationId });
  if (!ids.success) return invalid("form.people.declaration-submitted", "Unknown declaration");
  const result = markDeclarationSubmittedRecord(appDb(), auth.actor, ids.data.employeeId, ids.data.declarationId);
  if (!result.ok) return invalid("form.people.declaration-submitted", result.error);
  revalidatePath(`/people/${ids.data.employeeId}`);
  return { ok: true, message: "Marked submitted." };
}

const certificateEdit = certificateForm.extend({ id: z.coerce.number().int().positive() });
const declarationEdit = declarationForm.extend({ id: z.coerce.number().int().positive() });

export async function editCertificate(_previous: FormState, form: FormData): Promise<FormState> {
  const auth = await authorizeAction();
  if ("refusal" in auth) return auth.refusal;
  const parsed = certificateEdit.safeParse(Object.fromEntries(form));
  if (!parsed.success) return invalid("form.people.certificate-edit", refusalOf(parsed.error));
  const dates = certificateDatesRefusal({ issuedOn: parsed.data.issuedOn || null, expiresOn: parsed.data.expiresOn });
  if (dates) return invalid("form.people.certificate-edit", dates);
  const { id, employeeId, ...values } = parsed.data;
  const result = editCertificateRecord(appDb(), auth.actor, employeeId, id, values);
  if (!result.ok) return invalid("form.people.certificate-edit", result.error);
  revalidatePath(`/people/${parsed.data.employeeId}`);
  return { ok: true, message: "Certificate saved." };
}

export async function editDeclaration(_previous: FormState, form: FormData): Promise<FormState> {
  const auth = await authorizeAction();
  if ("refusal" in auth) return auth.refusal;
  const parsed = declarationEdit.safeParse(Object.fromEntries(form));
  if (!parsed.success) return invalid("form.people.declaration-edit", refusalOf(parsed.error));
  const { id, employeeId, ...values } = parsed.data;
  const result = editDeclarationRecord(appDb(), auth.actor, employeeId, id, values);
  if (!result.ok) return invalid("form.people.declaration-edit", result.error);
  revalidatePath(`/people/${parsed.data.employeeId}`);
  return { ok: true, message: "Declaration saved." };
}

const recordIds = z.object({ employeeId: z.number().int().positive(), recordId: z.number().int().positive() });

/** Deletes a certificate entered by mistake; staff may, as they may edit one. */
export async function deleteCertificateAction(employeeId: number, certificateId: number): Promise<FormState> {
  const auth = await authorizeAction();
  if ("refusal" in auth) return auth.refusal;
  const ids = recordIds.safeParse({ employeeId, recordId: certificateId });
  if (!ids.success) return invalid("form.people.certificate-delete", "Unknown certificate");
  const result = deleteCertificateRecord(appDb(), auth.actor, ids.data.employeeId, ids.data.recordId);
  if (!result.ok) return invalid("form.people.certificate-delete", result.error);
  revalidatePath(`/people/${ids.data.employeeId}`);
  return { ok: true, message: `Deleted ${result.name}.` };
}

/** Deletes a declaration entered by mistake; staff may, as they may edit one. */
export async function deleteDeclarationAction(employeeId: number, declarationId: number): Promise<FormState> {
  const auth = await authorizeAction();
  if ("refusal" in auth) return auth.refusal;
  const ids = recordIds.safeParse({ employeeId, recordId: declarationId });
  if (!ids.success) return invalid("form.people.declaration-delete", "Unknown declaration");
  const result = deleteDeclarationRecord(appDb(), auth.actor, ids.data.employeeId, ids.data.recordId);
  if (!result.ok) return invalid("form.people.declaration-delete", result.error);
  revalidatePath(`/people/${ids.data.employeeId}`);
  return { ok: true, message: `Deleted ${result.name}.` };
}
