import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recentAudit } from "@/db/queries/audit";
import { findEmployee, insertEmployee, type NewEmployee } from "@/db/queries/employees";
import type { Employee } from "@/db/schema";
import { tempDb, type TempDb } from "@/tests/support/db";
import { savePersonRecord } from "./person-save";

let t: TempDb;
let ravi: Employee;
const adminA = { id: null, label: "a@example.com" };
const adminB = { id: null, label: "b@example.com" };
const opened = new Date("2026-11-25T06:00:00Z");
const valuesOf = (person: Employee): NewEmployee => ({ name: person.name, employeeCode: person.employeeCode, phone: person.phone, department: person.department, managerId: person.managerId, approver: person.approver, active: person.active });
const loadedOf = (person: Employee) => ({ updatedAt: person.updatedAt.getTime(), values: valuesOf(person) });
const updates = () => recentAudit(t.db, 50).filter((entry) => entry.action === "people.update");

beforeEach(() => {
  t = tempDb();
  ravi = insertEmployee(t.db, { name: "Ravi Kumar", employeeCode: "E2", phone: "+919800000002", department: "Equity", managerId: null, approver: false, active: true }, opened);
});
afterEach(() => t.close());

describe("saving a person from a form opened earlier", () => {
  it("refuses a stale edit, names what the other admin changed, and writes nothing", () => {
    const pageOfB = loadedOf(ravi);
    const deactivated = savePersonRecord(t.db, adminA, { id: ravi.id, values: { ...valuesOf(ravi), active: false }, loaded: loadedOf(ravi) }, new Date(opened.getTime() + 60_000));
    expect(deactivated.ok).toBe(true);
    const stale = savePersonRecord(t.db, adminB, { id: ravi.id, values: { ...valuesOf(ravi), department: "Debt" }, loaded: pageOfB }, new Date(opened.getTime() + 120_000));
    expect(stale).toEqual({ ok: false, conflict: true, error: "Someone else changed Ravi Kumar since you opened this page (Active). Reload to see their changes." });
    expect(findEmployee(t.db, ravi.id)).toMatchObject({ active: false, department: "Equity" });
    expect(updates()).toHaveLength(1);
  });

  it("saves an edit of the current version, and the next edit needs the new version", () => {
    const saved = savePersonRecord(t.db, adminA, { id: ravi.id, values: { ...valuesOf(ravi), department: "Debt" }, loaded: loadedOf(ravi) }, new Date(opened.getTime() + 60_000));
    expect(saved).toMatchObject({ ok: true, created: false, person: { department: "Debt" } });
    if (!saved.ok) return;
    expect(savePersonRecord(t.db, adminA, { id: ravi.id, values: { ...valuesOf(saved.person), active: false }, loaded: loadedOf(saved.person) }).ok).toBe(true);
    expect(findEmployee(t.db, ravi.id)).toMatchObject({ active: false, department: "Debt" });
  });

  it("moves the version on even when two saves share a millisecond", () => {
    const first = savePersonRecord(t.db, adminA, { id: ravi.id, values: { ...valuesOf(ravi), active: false }, loaded: loadedOf(ravi) }, opened);
    expect(first.ok).toBe(true);
    const second = savePersonRecord(t.db, adminB, { id: ravi.id, values: { ...valuesOf(ravi), department: "Debt" }, loaded: loadedOf(ravi) }, opened);
    expect(second).toMatchObject({ ok: false, conflict: true });
    expect(findEmployee(t.db, ravi.id)).toMatchObject({ active: false, department: "Equity" });
  });

  it("refuses an edit that does not say which version it edits", () => {
    expect(savePersonRecord(t.db, adminA, { id: ravi.id, values: { ...valuesOf(ravi), active: false } })).toMatchObject({ ok: false, conflict: true });
    expect(findEmployee(t.db, ravi.id)?.active).toBe(true);
  });

  it("names no fields when the other save changed none the form shows", () => {
    const pageOfB = loadedOf(ravi);
    savePersonRecord(t.db, adminA, { id: ravi.id, values: valuesOf(ravi), loaded: loadedOf(ravi) }, new Date(opened.getTime() + 1000));
    expect(savePersonRecord(t.db, adminB, { id: ravi.id, values: valuesOf(ravi), loaded: { updatedAt: pageOfB.updatedAt } })).toEqual({
      ok: false, conflict: true, error: "Someone else changed Ravi Kumar since you opened this page. Reload to see their changes.",
    });
  });

  it("still adds new people and refuses a number someone holds", () => {
    expect(savePersonRecord(t.db, adminA, { values: { ...valuesOf(ravi), name: "Asha", employeeCode: "E1", phone: "+919800000001" } })).toMatchObject({ ok: true, created: true });
    expect(savePersonRecord(t.db, adminA, { values: { ...valuesOf(ravi), name: "Dup", employeeCode: "E9" } })).toMatchObject({ ok: false, field: "phone" });
  });
});
