import { inTransaction, type Db } from "@/db/client";
import { departmentSpelling, findEmployee, insertEmployee, numberAndCodeHolders, updateEmployee, type NewEmployee } from "@/db/queries/employees";
import type { Employee } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit";
import type { FieldRefusal } from "@/lib/forms/refusal";

/** A person's editable fields as the form names them, with what the form calls them. */
export const PERSON_FIELD_LABELS: Record<keyof NewEmployee, string> = {
  name: "Name",
  employeeCode: "Employee code",
  phone: "WhatsApp number",
  department: "Department",
  managerId: "Manager",
  approver: "Approver",
  active: "Active",
};
const PERSON_FIELDS = Object.keys(PERSON_FIELD_LABELS) as (keyof NewEmployee)[];

/** What an edit form was opened with: the row's version (updated_at, ms) and, to name what changed, its values. */
export interface LoadedPerson {
  updatedAt: number;
  values?: Partial<NewEmployee>;
}

export type PersonSave = { ok: true; person: Employee; created: boolean } | ({ ok: false; conflict?: boolean } & FieldRefusal);

/**
 * Adds a person (no `id`) or saves an edit, with optimistic concurrency: an edit carries the
 * updated_at its form was opened with, and is refused, writing nothing, when the row changed since
 * (another admin's save in another tab or browser). Check and write share one immediate
 * transaction, so two saves from the same version cannot both pass. Each write moves updated_at
 * forward by at least a millisecond, so two saves in the same millisecond still differ.
 */
export function savePersonRecord(db: Db, actor: Actor, input: { id?: number; values: NewEmployee; loaded?: LoadedPerson }, now = new Date()): PersonSave {
  const { id, loaded } = input;
  return inTransaction(db, (): PersonSave => {
    // "compliance" beside a stored "Compliance" joins it, so the filter and campaigns see one department.
    const values = { ...input.values, department: departmentSpelling(db, input.values.department, id) };
    const before = id ? findEmployee(db, id) : undefined;
    if (id && !before) return { ok: false, error: "This person no longer exists" };
    if (before) {
      if (!loaded) return { ok: false, conflict: true, error: `Reload the page before saving ${before.name}: the form did not say which version it edits.` };
      if (before.updatedAt.getTime() !== loaded.updatedAt) return { ok: false, conflict: true, error: conflictMessage(before, loaded) };
      if (values.managerId === before.id) return { ok: false, error: "Someone cannot be their own manager", field: "managerId" };
    }
    if (values.managerId !== null) {
      const manager = findEmployee(db, values.managerId);
      if (!manager) return { ok: false, error: "That manager no longer exists", field: "managerId" };
      // Someone who left is no one's new manager; a manager set before they left may stay until changed.
      if (!manager.active && before?.managerId !== manager.id) {
        return { ok: false, error: `${manager.name} (${manager.employeeCode}) is inactive: choose an active manager`, field: "managerId" };
      }
    }
    const holders = numberAndCodeHolders(db, values, id || undefined);
    if (holders.phone) return { ok: false, error: `${values.phone} already belongs to ${holders.phone.name}`, field: "phone" };
    if (holders.code) return { ok: false, error: `Employee code ${values.employeeCode} already belongs to ${holders.code.name}`, field: "employeeCode" };
    if (before) {
      const stamp = new Date(Math.max(now.getTime(), before.updatedAt.getTime() + 1));
      updateEmployee(db, before.id, values, stamp);
      recordAudit(db, actor, "people.update", { target: values.employeeCode, before, after: values }, now);
      return { ok: true, person: findEmployee(db, before.id) ?? before, created: false };
    }
    const person = insertEmployee(db, values, now);
    recordAudit(db, actor, "people.create", { target: values.employeeCode, after: values }, now);
    return { ok: true, person, created: true };
  });
}

function conflictMessage(stored: Employee, loaded: LoadedPerson): string {
  const was = loaded.values;
  const changed = was ? PERSON_FIELDS.filter((key) => key in was && was[key] !== stored[key]).map((key) => PERSON_FIELD_LABELS[key]) : [];
  const which = changed.length > 0 ? ` (${changed.join(", ")})` : "";
  return `Someone else changed ${stored.name} since you opened this page${which}. Reload to see their changes.`;
}
