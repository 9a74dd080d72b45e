import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { countPeople, departments, findEmployee, findEmployeeByPhone, insertEmployee, peoplePage, type NewEmployee } from "@/db/queries/employees";
import { departmentAsListed, departmentChoices } from "@/lib/people/search";
import { tempDb, type TempDb } from "@/tests/support/db";
import { selectPlans } from "@/tests/support/query-plan";
import { audienceMembers } from "./campaigns";
import { commitPeople, previewPeople } from "./people-import";
import { savePersonRecord } from "./person-save";

let t: TempDb;
const actor = { id: null, label: "admin@example.com" };
const now = new Date("2026-11-26T06:00:00Z");
let added = 0;

function add(values: Partial<NewEmployee> & { name: string }) {
  const n = added++;
  return insertEmployee(t.db, { employeeCode: `Q${n}`, phone: `+9196${String(n).padStart(8, "0")}`, department: "", managerId: null, approver: false, active: true, ...values }, now);
}

const person = (values: Partial<NewEmployee> & { name: string; employeeCode: string; phone: string }): NewEmployee => ({ department: "", managerId: null, approver: false, active: true, ...values });

beforeEach(() => {
  t = tempDb();
  added = 0;
  add({ name: "Asha", department: "Compliance" });
});
afterEach(() => t.close());

describe("departments, case and spacing aside", () => {
  it("a person saved into a department in another case or spacing joins the one on record", () => {
    const saved = savePersonRecord(t.db, actor, { values: person({ name: "Ravi", employeeCode: "R1", phone: "+919700000001", department: "  compliance " }) }, now);
    expect(saved).toMatchObject({ ok: true, person: { department: "Compliance" } });
    const fresh = savePersonRecord(t.db, actor, { values: person({ name: "Mira", employeeCode: "M1", phone: "+919700000002", department: "Wealth   Desk" }) }, now);
    expect(fresh).toMatchObject({ ok: true, person: { department: "Wealth Desk" } });
    expect(departments(t.db)).toEqual(["Compliance", "Wealth Desk"]);
  });

  it("someone alone in a department may respell it; with others in it, they join theirs", () => {
    const mira = add({ name: "Mira", department: "wealth desk" });
    const respelt = savePersonRecord(t.db, actor, { id: mira.id, values: { ...person({ name: "Mira", employeeCode: mira.employeeCode, phone: mira.phone }), department: "Wealth Desk" }, loaded: { updatedAt: mira.updatedAt.getTime() } }, now);
    expect(respelt).toMatchObject({ ok: true, person: { department: "Wealth Desk" } });
    const ravi = add({ name: "Ravi", department: "Risk" });
    const joined = savePersonRecord(t.db, actor, { id: ravi.id, values: { ...person({ name: "Ravi", employeeCode: ravi.employeeCode, phone: ravi.phone }), department: "COMPLIANCE" }, loaded: { updatedAt: ravi.updatedAt.getTime() } }, now);
    expect(joined).toMatchObject({ ok: true, person: { department: "Compliance" } });
    expect(findEmployee(t.db, ravi.id)?.department).toBe("Compliance");
  });

  it("a CSV import takes the spelling on record, else the file's first", () => {
    const csv = "name,employee_code,phone,department\nRavi,R1,+919700000001,compliance\nMira,M1,+919700000002,Wealth Desk\nNeel,N1,+919700000003,WEALTH  DESK\n";
    expect(previewPeople(t.db, csv).rows.map((row) => row.values?.department)).toEqual(["Compliance", "Wealth Desk", "Wealth Desk"]);
    expect(commitPeople(t.db, actor, csv, now)).toEqual({ imported: 3 });
    expect(findEmployeeByPhone(t.db, "+919700000001")?.department).toBe("Compliance");
    expect(departments(t.db)).toEqual(["Compliance", "Wealth Desk"]);
  });

  it("the filter and a campaign's department audience match in any case, the filter on its index", () => {
    // As stored before the merge (migration 0031) or written by hand: a variant still counts.
    const legacy = add({ name: "Old", department: "compliance" });
    add({ name: "Other", department: "Risk" });
    expect(countPeople(t.db, { department: "COMPLIANCE" })).toBe(2);
    expect(peoplePage(t.db, { department: "compliance" }, 50).rows.map((row) => row.name)).toEqual(["Asha", "Old"]);
    expect(audienceMembers(t.db, { kind: "department", department: "Compliance" }, now).map((row) => row.id)).toContain(legacy.id);
    expect(audienceMembers(t.db, { kind: "department", department: "compliance" }, now)).toHaveLength(2);
    expect(departments(t.db)).toHaveLength(2);
    for (const { sql, plan } of selectPlans(t.db, () => peoplePage(t.db, { department: "compliance" }, 2))) {
      expect(plan, sql).toMatch(/INDEX employees_department_name_sort_nocase_idx \(department=\?/);
    }
    for (const { sql, plan } of selectPlans(t.db, () => departments(t.db))) expect(plan, sql).toMatch(/INDEX employees_department_name_sort_nocase_idx/);
  });

  it("the People filter shows a department in the URL's other case as the one on record", () => {
    expect(departmentAsListed(["Compliance", "Risk"], "compliance")).toBe("Compliance");
    expect(departmentChoices(["Compliance", "Risk"], "compliance")).toEqual(["Compliance", "Risk"]);
    expect(departmentChoices(["Compliance"], "Closed")).toEqual(["Closed", "Compliance"]);
  });
});
