import { inTransaction, type Db } from "@/db/client";
import { departmentKey, employeeCodeKey, normalizeDepartment, insertCertificate, insertDeclaration, insertEmployee, listEmployees, updateEmployee, type NewEmployee } from "@/db/queries/employees";
import { recordAudit, type Actor } from "@/lib/audit";
import { toE164 } from "@/lib/contacts/block";
import { decodeCsv, encodingNote } from "@/lib/csv/decode";
import { csvRecords } from "@/lib/csv/parse";
import { isDay } from "./dates";
import { columnsText, importedMessage, type ImportKind } from "./import-wording";
import { expiresBeforeIssue } from "./person-records";

export interface ImportRow<T> {
  line: number;
  values: T | null;
  errors: string[];
  raw: Record<string, string>;
}

export interface ImportPreview<T> {
  rows: ImportRow<T>[];
  missingColumns: string[];
  valid: number;
  invalid: number;
}

const PEOPLE_COLUMNS = ["name", "employee_code", "phone"];

function flag(value: string | undefined, fallback: boolean): boolean | null {
  const text = (value ?? "").trim().toLowerCase();
  if (text === "") return fallback;
  if (["yes", "y", "true", "1"].includes(text)) return true;
  if (["no", "n", "false", "0"].includes(text)) return false;
  return null;
}

type PersonRow = Omit<NewEmployee, "managerId"> & { managerCode: string | null };

/** Validates every row of a people CSV against the file itself and the people already stored. */
export function previewPeople(db: Db, csv: string): ImportPreview<PersonRow> {
  const { header, records, lines } = csvRecords(csv);
  const missingColumns = PEOPLE_COLUMNS.filter((column) => !header.includes(column));
  const existing = listEmployees(db);
  const codes = new Set(existing.map((employee) => employeeCodeKey(employee.employeeCode)));
  const phones = new Set(existing.map((employee) => employee.phone));
  // As on the person form: someone who left is no one's new manager.
  const inactiveCodes = new Set(existing.filter((employee) => !employee.active).map((employee) => employeeCodeKey(employee.employeeCode)));
  // Each department once, case and spacing aside: the spelling on record, else the file's first.
  const spellings = new Map(existing.filter((employee) => employee.department).map((employee) => [departmentKey(employee.department), employee.department]));
  const fileCodes = new Map<string, number>();
  const filePhones = new Map<string, number>();
  const allCodes = new Set([...codes, ...records.map((record) => employeeCodeKey(record.employee_code ?? "")).filter(Boolean)]);

  const rows = records.map((raw, index): ImportRow<PersonRow> => {
    const line = lines[index]!;
    const errors: string[] = [];
    const name = raw.name ?? "";
    const code = raw.employee_code ?? "";
    if (!name) errors.push("name is missing");
    // The same limits as the person form, so an import cannot store what the form would refuse.
    else if (name.length > 120) errors.push(`name has ${name.length} characters (at most 120)`);
    if ((raw.department ?? "").length > 80) errors.push(`department has ${(raw.department ?? "").length} characters (at most 80)`);
    if (!code) errors.push("employee code is missing");
    else if (codes.has(employeeCodeKey(code))) errors.push(`employee code ${code} already exists`);
    else if (fileCodes.has(employeeCodeKey(code))) errors.push(`employee code ${code} repeats line ${fileCodes.get(employeeCodeKey(code))}`);
    let phone = "";
    try {
      phone = toE164(raw.phone ?? "");
      if (phones.has(phone)) errors.push(`number ${phone} already belongs to someone`);
      else if (filePhones.has(phone)) errors.push(`number ${phone} repeats line ${filePhones.get(phone)}`);
    } catch {
      errors.push(`“${raw.phone ?? ""}” is not a phone number in international format (+91…)`);
    }
    const managerCode = raw.manager_code || null;
    if (managerCode && !allCodes.has(employeeCodeKey(managerCode))) errors.push(`manager ${managerCode} is unknown`);
    else if (managerCode && inactiveCodes.has(employeeCodeKey(managerCode))) errors.push(`manager ${managerCode} is inactive`);
    if (managerCode && employeeCodeKey(managerCode) === employeeCodeKey(code)) errors.push("someone cannot be their own manager");
    const approver = flag(raw.approver, false);
    const active = flag(raw.active, true);
    if (approver === null) errors.push("approver must be yes or no");
    if (active === null) errors.push("active must be yes or no");
    const typedDepartment = normalizeDepartment(raw.department ?? "");
    const department = typedDepartment ? (spellings.get(departmentKey(typedDepartment)) ?? typedDepartment) : "";
    if (department) spellings.set(departmentKey(department), department);
    if (code) fileCodes.set(employeeCodeKey(code), line);
    if (phone) filePhones.set(phone, line);
    return {
      line,
      raw,
      errors,
      values: errors.length ? null : { name, employeeCode: code, phone, department, approver: approver ?? false, active: active ?? true, managerCode },
    };
  });
  const invalid = rows.filter((row) => row.errors.length > 0).length;
  return { rows, missingColumns, valid: rows.length - invalid, invalid };
}

/** All or nothing: imports only a file whose every row is valid, managers linked after everyone exists. */
export function commitPeople(db: Db, actor: Actor, csv: string, now = new Date()): { imported: number } | { errors: string[] } {
  return inTransaction(db, () => {
    const preview = previewPeople(db, csv);
    if (preview.missingColumns.length) return { errors: [`Missing ${columnsText(preview.missingColumns)}`] };
    if (preview.rows.length === 0) return { errors: ["The file has no rows."] };
    if (preview.invalid > 0) return { errors: preview.rows.flatMap((row) => row.errors.map((error) => `Line ${row.line}: ${error}`)) };
    const byCode = new Map(listEmployees(db).map((employee) => [employeeCodeKey(employee.employeeCode), employee.id]));
    for (const row of preview.rows) {
      const { managerCode: _manager, ...values } = row.values!;
      byCode.set(employeeCodeKey(values.employeeCode), insertEmployee(db, { ...values, managerId: null }, now).id);
    }
    for (const row of preview.rows) {
      const managerCode = row.values!.managerCode;
      if (managerCode) updateEmployee(db, byCode.get(employeeCodeKey(row.values!.employeeCode))!, { managerId: byCode.get(employeeCodeKey(managerCode)) ?? null }, now);
    }
    recordAudit(db, actor, "people.import", { after: { imported: preview.rows.length } }, now);
    return { imported: preview.rows.length };
  });
}

type RecordKind = Exclude<ImportKind, "people">;
const RECORD_COLUMNS: Record<RecordKind, string[]> = {
  certificates: ["employee_code", "name", "expires_on"],
  declarations: ["employee_code", "type", "status", "due_on"],
};

/** Certificates or declarations from CSV, validated row by row, committed all or nothing. */
export function importRecords(db: Db, actor: Actor, kind: RecordKind, csv: string, commit: boolean, now = new Date()): { preview: ImportPreview<true>; imported: number } {
  return inTransaction(db, () => {
    const { header, records, lines } = csvRecords(csv);
    const missingColumns = RECORD_COLUMNS[kind].filter((column) => !header.includes(column));
    const byCode = new Map(listEmployees(db).map((employee) => [employeeCodeKey(employee.employeeCode), employee.id]));
    const rows = records.map((raw, index): ImportRow<true> => {
      const errors: string[] = [];
      if (!byCode.has(employeeCodeKey(raw.employee_code ?? ""))) errors.push(`employee ${raw.employee_code || "(blank)"} is unknown`);
      if (kind === "certificates") {
        if (!raw.name) errors.push("name is missing");
        else if (raw.name.length > 120) errors.push(`name has ${raw.name.length} characters (at most 120)`);
        if (!isDay(raw.expires_on ?? "")) errors.push("expires_on must be a date like 2026-12-31");
        if (raw.issued_on && !isDay(raw.issued_on)) errors.push("issued_on must be a date like 2024-01-31");
        else if (isDay(raw.expires_on ?? "") && expiresBeforeIssue(raw.issued_on || null, raw.expires_on!)) errors.push("expires_on is before issued_on");
      } else {
        if (!raw.type) errors.push("type is missing");
        if (!["pending", "submitted", "overdue"].includes((raw.status ?? "").toLowerCase())) errors.push("status must be pending, submitted or overdue");
        if (!isDay(raw.due_on ?? "")) errors.push("due_on must be a date like 2026-12-31");
        if (raw.submitted_on && !isDay(raw.submitted_on)) errors.push("submitted_on must be a date like 2026-12-31");
      }
      return { line: lines[index]!, raw, errors, values: errors.length ? null : true };
    });
    const invalid = rows.filter((row) => row.errors.length).length;
    const preview = { rows, missingColumns, valid: rows.length - invalid, invalid };
    if (!commit || invalid > 0 || missingColumns.length > 0 || rows.length === 0) return { preview, imported: 0 };
    for (const { raw } of rows) {
      const employeeId = byCode.get(employeeCodeKey(raw.employee_code!))!;
      if (kind === "certificates") insertCertificate(db, { employeeId, name: raw.name!, number: raw.number ?? "", issuedOn: raw.issued_on || null, expiresOn: raw.expires_on! }, now);
      else insertDeclaration(db, { employeeId, type: raw.type!, period: raw.period ?? "", status: raw.status!.toLowerCase() as "pending" | "submitted" | "overdue", dueOn: raw.due_on!, submittedOn: raw.submitted_on || null }, now);
    }
    recordAudit(db, actor, `people.import_${kind}`, { after: { imported: rows.length } }, now);
    return { preview, imported: rows.length };
  });
}

/** What the import form shows: the counts, and each row's problems beside a few of its values. */
export interface ImportView {
  valid: number;
  invalid: number;
  missingColumns: string[];
  rows: { line: number; errors: string[]; summary: string }[];
}

export interface ImportOutcome {
  ok: boolean;
  committed?: boolean;
  message?: string;
  error?: string;
  preview?: ImportView;
}

/**
 * The columns that say which row is which, per kind, in this order whatever the file's: a
 * certificate's expiry is what its row is checked for. A file without any of them shows its first four.
 */
const SUMMARY_COLUMNS: Record<ImportKind, string[]> = {
  people: ["name", "employee_code", "phone", "department"],
  certificates: ["employee_code", "name", "number", "issued_on", "expires_on"],
  declarations: ["employee_code", "type", "period", "status", "due_on"],
};

function viewOf(kind: ImportKind, preview: ImportPreview<unknown>): ImportView {
  // Blanks left out: a blank department must not leave an empty place between the dots.
  const summary = (raw: Record<string, string>) => {
    const known = SUMMARY_COLUMNS[kind].filter((column) => column in raw);
    return (known.length ? known.map((column) => raw[column]) : Object.values(raw).slice(0, 4)).filter(Boolean).join(" · ");
  };
  return { ...preview, rows: preview.rows.map((row) => ({ line: row.line, errors: row.errors, summary: summary(row.raw) })) };
}

/** Joins what happened with how the file was read, which matters most when it was a guess. */
function withNote(message: string | undefined, note: string | undefined): string | undefined {
  return [message, note].filter(Boolean).join(" ") || undefined;
}

/**
 * An uploaded file, as bytes, previewed or (`commit`) imported all or nothing as people,
 * certificates or declarations. The bytes are decoded here, not in the browser, so the answer can
 * say when the file was not UTF-8.
 */
export function importCsv(db: Db, actor: Actor, kind: ImportKind, bytes: Uint8Array, commit: boolean, now = new Date()): ImportOutcome {
  const { text, encoding } = decodeCsv(bytes);
  if (!text.trim()) return { ok: false, error: "Choose a CSV file first." };
  const note = encodingNote(encoding);
  if (kind !== "people") {
    const result = importRecords(db, actor, kind, text, commit, now);
    return {
      ok: !commit || result.imported > 0,
      committed: result.imported > 0,
      message: withNote(result.imported ? importedMessage(kind, result.imported) : undefined, note),
      error: commit && !result.imported ? "Nothing was imported: fix the rows marked below." : undefined,
      preview: viewOf(kind, result.preview),
    };
  }
  const preview = viewOf("people", previewPeople(db, text));
  if (!commit) return { ok: true, message: note, preview };
  const result = commitPeople(db, actor, text, now);
  return "imported" in result
    ? { ok: true, committed: true, message: withNote(importedMessage("people", result.imported), note), preview }
    : { ok: false, error: "Nothing was imported: fix the rows marked below.", preview };
}
