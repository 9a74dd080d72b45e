import { afterEach, describe, expect, it } from "vitest";
import { applyMigrations } from "@/db/client";
import { countPeople, departmentKey, departments, normalizeDepartment } from "@/db/queries/employees";
import { tempDbAt, type TempDb } from "@/tests/support/db";

let t: TempDb | undefined;
afterEach(() => t?.close());

describe("migration 0031 (one spelling per department)", () => {
  it("merges departments differing only in case or spacing into the spelling most people have, and leaves the rest alone", () => {
    t = tempDbAt("0029_campaign_sends_fill");
    const stored = ["Compliance", "Compliance", "compliance", " COMPLIANCE ", "Compliance  Ops", "compliance\tops", "Risk", "risk", "Trésorerie", "TRÉSORERIE", ""];
    const insert = t.db.$client.prepare("insert into employees (name, employee_code, phone, department, approver, active, created_at, updated_at) values (?, ?, ?, ?, 0, 1, 0, 5)");
    stored.forEach((department, i) => insert.run(`Person ${i}`, `D${i}`, `+9199${String(i).padStart(8, "0")}`, department));
    applyMigrations(t.db);
    const after = (t.db.$client.prepare("select department from employees order by id").pluck().all() as string[]);
    // A tie (Compliance Ops: one each) goes to the earliest stored; letters beyond ASCII stay apart, as NOCASE keeps them.
    expect(after).toEqual(["Compliance", "Compliance", "Compliance", "Compliance", "Compliance Ops", "Compliance Ops", "Risk", "Risk", "Trésorerie", "TRÉSORERIE", ""]);
    // What the app does from now on agrees with it.
    for (const [i, department] of stored.entries()) if (department && !/É/i.test(department)) expect(departmentKey(department)).toBe(departmentKey(after[i]!));
    expect(normalizeDepartment(" compliance\t ops ")).toBe("compliance ops");
    expect(departments(t.db)).toEqual(["Compliance", "Compliance Ops", "Risk", "TRÉSORERIE", "Trésorerie"]);
    expect(countPeople(t.db, { department: "COMPLIANCE" })).toBe(4);
    // Nobody edited them: their versions stand.
    expect(t.db.$client.prepare("select distinct updated_at from employees").pluck().all()).toEqual([5]);
  });
});
