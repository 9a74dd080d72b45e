import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { insertEmployee, type NewEmployee } from "@/db/queries/employees";
import { tempDb, type TempDb } from "@/tests/support/db";
import { selectPlans } from "@/tests/support/query-plan";
import { choiceLabel, findChoices, MAX_CHOICES } from "./choices";

let t: TempDb;
const now = new Date("2026-03-01T00:00:00Z");
let added = 0;

function add(values: Partial<NewEmployee> & { name: string }) {
  const n = added++;
  return insertEmployee(t.db, { employeeCode: `K${n}`, phone: `+9188${String(n).padStart(8, "0")}`, department: "", managerId: null, approver: false, active: true, ...values }, now);
}

beforeEach(() => {
  t = tempDb();
  added = 0;
});
afterEach(() => t.close());

describe("picker choices", () => {
  it("finds active people by name, code or number, at most a screenful, in the list's order", () => {
    for (let i = 0; i < 60; i++) add({ name: `Bulk ${i}` });
    const ravi = add({ name: "Ravi Kumar", employeeCode: "E900", phone: "+919812345678" });
    add({ name: "Ravi Left", active: false });
    expect(findChoices(t.db, { q: "ravi" }).map((row) => row.id)).toEqual([ravi.id]);
    expect(findChoices(t.db, { q: "e900" }).map((row) => row.id)).toEqual([ravi.id]);
    expect(findChoices(t.db, { q: "98123 45" }).map((row) => row.id)).toEqual([ravi.id]);
    const bulk = findChoices(t.db, { q: "bulk" });
    expect(bulk).toHaveLength(MAX_CHOICES);
    expect(bulk.slice(0, 3).map((row) => row.name)).toEqual(["Bulk 0", "Bulk 1", "Bulk 2"]);
  });

  it("needs two characters, leaves out the excepted person, and reads only canonical ids", () => {
    const asha = add({ name: "Asha Rao" });
    const ashok = add({ name: "Ashok Rao" });
    expect(findChoices(t.db, { q: "a" })).toEqual([]);
    expect(findChoices(t.db, { q: "  " })).toEqual([]);
    expect(findChoices(t.db, { q: "rao", except: String(asha.id) }).map((row) => row.id)).toEqual([ashok.id]);
    expect(findChoices(t.db, { q: "rao", except: `0x${asha.id.toString(16)}` }).map((row) => row.id)).toEqual([asha.id, ashok.id]);
    expect(findChoices(t.db, { q: ["rao", "zzz"] })).toHaveLength(2);
  });

  it("walks the name index instead of sorting the table", () => {
    add({ name: "Asha Rao" });
    for (const { sql, plan } of selectPlans(t.db, () => findChoices(t.db, { q: "rao" }))) {
      expect(plan, sql).toMatch(/employees_name_sort_idx/);
      expect(plan, sql).not.toMatch(/TEMP B-TREE/);
    }
  });

  it("labels a person with their code, and an inactive one so", () => {
    expect(choiceLabel({ name: "Pager 01", employeeCode: "PG01" })).toBe("Pager 01 (PG01)");
    expect(choiceLabel({ name: "Pager 01", employeeCode: "PG01" }, false)).toBe("Pager 01 (PG01), inactive");
  });
});
