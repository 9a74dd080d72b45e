import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDb, type TempDb } from "@/tests/support/db";
import { selectPlans } from "@/tests/support/query-plan";
import { countPeople, insertEmployee, personChoices, listEmployees, nameSortKey, numberAndCodeHolders, peoplePage, peopleRows, phoneDigitsIn, updateEmployee, type NewEmployee, type PeopleCursor, type PeopleFilter } from "./employees";

let t: TempDb;
const now = new Date("2026-03-01T00:00:00Z");
const DEPARTMENTS = ["Risk", "Ops", "Treasury", "Compliance"];

let added = 0;

function add(values: Partial<NewEmployee> & { name: string }) {
  const n = added++;
  return insertEmployee(t.db, { employeeCode: `C${n}`, phone: `+9197${String(n).padStart(8, "0")}`, department: "", managerId: null, approver: false, active: true, ...values }, now);
}

beforeEach(() => {
  t = tempDb();
  added = 0;
  // 130 people; names repeat (so the id tie-break matters) and differ in case (which must not split them).
  for (let i = 0; i < 130; i++) {
    const base = ["asha", "Bela", "bela", "Chirag", "dev", "Esha", "farah", "Gopal", "hari", "Ira"][i % 10]!;
    add({ name: `${base} ${String.fromCharCode(65 + (i % 7))}`, department: DEPARTMENTS[i % 4]! });
  }
});
afterEach(() => t.close());

/**
 * Names in the order a reader expects, worked out here independently of nameSortKey: ASCII case
 * aside, and a run of digits compared with another by value ("Bulk 2" before "Bulk 10"), with a
 * letter or sign by its first digit. Equal names (and "Pager 01" beside "Pager 1") compare equal.
 */
function naturalCompare(a: string, b: string): number {
  const tokens = (name: string) => name.replace(/[A-Z]/g, (letter) => letter.toLowerCase()).match(/[0-9]+|[^0-9]/gu) ?? [];
  const [x, y] = [tokens(a), tokens(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [p, q] = [x[i]!, y[i]!];
    if (/^[0-9]/.test(p) && /^[0-9]/.test(q)) {
      if (BigInt(p) !== BigInt(q)) return BigInt(p) < BigInt(q) ? -1 : 1;
    } else if (p !== q) {
      return p < q ? -1 : 1;
    }
  }
  return x.length - y.length;
}

/** The order a reader expects: by name (naturalCompare), then id. */
function expected(predicate: (row: { id: number; name: string; department: string }) => boolean = () => true): number[] {
  const rows = t.db.$client.prepare("select id, name, department from employees").all() as { id: number; name: string; department: string }[];
  return rows
    .filter(predicate)
    .sort((a, b) => naturalCompare(a.name, b.name) || a.id - b.id)
    .map((row) => row.id);
}

/** Every page forward from the first, checking each page's count line on the way. */
function pagesForward(filter: PeopleFilter, limit: number): number[][] {
  const pages: number[][] = [];
  let after: PeopleCursor | undefined;
  for (;;) {
    const page = peoplePage(t.db, { ...filter, after }, limit);
    expect(page.offset).toBe(pages.flat().length);
    expect(page.previous === null).toBe(pages.length === 0);
    pages.push(page.rows.map((row) => row.id));
    if (!page.next) break;
    expect(page.rows).toHaveLength(limit);
    after = page.next;
  }
  return pages;
}

/** Every match, paged through a few at a time so that filters are seen to hold across pages. */
function ids(filter: PeopleFilter): number[] {
  return pagesForward(filter, 7).flat();
}

describe("people list", () => {
  it("sorts numbers in names by value, pages through them so either way, and the manager list agrees", () => {
    const bulk = [10, 2, 1, 100, 20, 3, 11, 0, 9].map((n) => add({ name: `Bulk ${n}`, department: "Bulk" }));
    add({ name: "bulk 02", department: "Bulk" });
    add({ name: "Bulk 2a", department: "Bulk" });
    add({ name: "Bulk 1.5", department: "Bulk" });
    add({ name: "Bulk 12345678901234567890", department: "Bulk" });
    add({ name: "Bulk", department: "Bulk" });
    add({ name: "Bulk-3", department: "Bulk" });
    const names = (ids: number[]) => ids.map((id) => t.db.$client.prepare("select name from employees where id = ?").pluck().get(id) as string);
    const order = pagesForward({ department: "Bulk" }, 4).flat();
    expect(names(order)).toEqual(["Bulk", "Bulk 0", "Bulk 1", "Bulk 1.5", "Bulk 2", "bulk 02", "Bulk 2a", "Bulk 3", "Bulk 9", "Bulk 10", "Bulk 11", "Bulk 20", "Bulk 100", "Bulk 12345678901234567890", "Bulk-3"]);
    expect(order).toEqual(expected((row) => row.department === "Bulk"));
    expect(names(order)).toEqual(names(order).toSorted(naturalCompare));
    // Back from the last page, a page at a time, to the same rows.
    const last = peoplePage(t.db, { department: "Bulk", after: { name: "Bulk 100", id: bulk[3]!.id } }, 4);
    expect(names(last.rows.map((row) => row.id))).toEqual(["Bulk 12345678901234567890", "Bulk-3"]);
    const back = peoplePage(t.db, { department: "Bulk", before: last.previous! }, 4);
    expect(names(back.rows.map((row) => row.id))).toEqual(["Bulk 10", "Bulk 11", "Bulk 20", "Bulk 100"]);
    expect(back.offset).toBe(9);
    // The whole list, and the pickers' matches, in the same order.
    expect(listEmployees(t.db).map((row) => row.id)).toEqual(expected());
    expect(personChoices(t.db, "a", { limit: 1000 }).map((row) => row.id)).toEqual(expected((row) => /a/i.test(`${row.name} ${row.department}`)));
  });

  it("keeps the sort key in step with the name on every insert and rename", () => {
    const person = add({ name: "Desk 9" });
    const key = () => t.db.$client.prepare("select name_sort from employees where id = ?").pluck().get(person.id);
    expect(key()).toBe(nameSortKey("Desk 9"));
    updateEmployee(t.db, person.id, { name: "Desk 10" }, now);
    expect(key()).toBe("desk 00210");
    updateEmployee(t.db, person.id, { department: "Ops", active: false }, now);
    expect(key()).toBe("desk 00210");
    const rows = t.db.$client.prepare("select name, name_sort as nameSort from employees").all() as { name: string; nameSort: string }[];
    expect(rows.filter((row) => row.nameSort !== nameSortKey(row.name))).toEqual([]);
  });

  it("pages by name, case aside, then id, with no gaps or repeats, and counts where each page stands", () => {
    const pages = pagesForward({}, 50);
    expect(pages.map((page) => page.length)).toEqual([50, 50, 30]);
    expect(pages.flat()).toEqual(expected());
    const first = peoplePage(t.db, {}, 50);
    expect(first).toMatchObject({ total: 130, offset: 0, previous: null });
    // "bela" and "Bela" are one name to a reader: neither sorts after "Ira" as bytes would have it.
    expect(first.rows.map((row) => row.name.toLowerCase()).slice(0, 30)).toEqual([...first.rows.map((row) => row.name.toLowerCase()).slice(0, 30)].sort());
  });

  it("pages back to exactly the rows seen before, and a page back that reaches the start is the full first page", () => {
    const first = peoplePage(t.db, {}, 50);
    const second = peoplePage(t.db, { after: first.next! }, 50);
    const third = peoplePage(t.db, { after: second.next! }, 50);
    expect(third).toMatchObject({ offset: 100, next: null });
    const backToSecond = peoplePage(t.db, { before: third.previous! }, 50);
    expect(backToSecond.rows.map((row) => row.id)).toEqual(second.rows.map((row) => row.id));
    expect(backToSecond.offset).toBe(50);
    const backToFirst = peoplePage(t.db, { before: backToSecond.previous! }, 50);
    expect(backToFirst.rows.map((row) => row.id)).toEqual(first.rows.map((row) => row.id));
    expect(backToFirst).toMatchObject({ offset: 0, previous: null });
    // Three rows back from the 4th: not a page of three, the first page.
    const fourth = first.rows[3]!;
    const short = peoplePage(t.db, { before: { name: fourth.name, id: fourth.id } }, 50);
    expect(short.rows.map((row) => row.id)).toEqual(first.rows.map((row) => row.id));
  });

  it("filters by department, and keeps the filter while paging either way", () => {
    const risk = pagesForward({ department: "Risk" }, 10);
    expect(risk.flat()).toEqual(expected((row) => row.department === "Risk"));
    expect(risk.flat()).toHaveLength(33);
    const second = peoplePage(t.db, { department: "Risk", after: peoplePage(t.db, { department: "Risk" }, 10).next! }, 10);
    expect(second.total).toBe(33);
    const back = peoplePage(t.db, { department: "Risk", before: second.previous! }, 10);
    expect(back.rows.map((row) => row.id)).toEqual(risk[0]);
    // A department in any case is that department.
    expect(peoplePage(t.db, { department: "risk" }, 10)).toMatchObject({ total: 33, rows: risk[0]!.map((id) => expect.objectContaining({ id })) });
    expect(peoplePage(t.db, { department: "Nowhere" }, 10)).toMatchObject({ total: 0, rows: [], next: null, previous: null });
  });

  it("filters to people with no department, from the department index, and pages within them", () => {
    const loose = [add({ name: "Zed Nobody" }), add({ name: "Amar Nowhere" }), add({ name: "Kal Unplaced", department: "" })];
    const none = pagesForward({ department: "" }, 2);
    expect(none.flat()).toEqual(expected((row) => row.department === ""));
    expect(none.flat().toSorted((a, b) => a - b)).toEqual(loose.map((person) => person.id));
    expect(ids({ q: "nobody", department: "" })).toEqual([loose[0]!.id]);
    for (const { sql, plan } of selectPlans(t.db, () => peoplePage(t.db, { department: "" }, 2))) {
      expect(plan, sql).toMatch(/SEARCH employees USING (COVERING )?INDEX employees_department_name\w*_idx \(department=\?/);
    }
  });

  it("finds a name, code or department in any case, and needs every word to match", () => {
    expect(ids({ q: "ESHA" })).toEqual(expected((row) => row.name.toLowerCase().startsWith("esha")));
    expect(ids({ q: "treasury HARI" })).toEqual(ids({ q: "hari treasury" }));
    expect(ids({ q: "treas" })).toEqual(expected((row) => row.department === "Treasury"));
    expect(ids({ q: "hari treasury" })).toEqual(expected((row) => row.name.startsWith("hari") && row.department === "Treasury"));
    const code = t.db.$client.prepare("select id from employees where employee_code = 'C42'").pluck().get() as number;
    expect(ids({ q: "c42" })).toEqual([code]);
    expect(ids({ q: "zebra" })).toEqual([]);
    expect(ids({ q: "   " })).toEqual(expected());
    expect(ids({ q: "esha", department: "Ops" })).toEqual(expected((row) => row.name.startsWith("Esha") && row.department === "Ops"));
  });

  it("finds a WhatsApp number however it is typed", () => {
    const priya = add({ name: "Priya Nair", phone: "+919812345678", department: "Risk" });
    for (const typed of ["+91 98123 45678", "+919812345678", "9812345678", "98123 45678", "098123-45678", "(+91) 98123-45678", "12345678", " 345 678 "]) {
      expect(ids({ q: typed }), typed).toEqual([priya.id]);
    }
    // A word of digits narrows by number beside a name.
    expect(ids({ q: "priya 98123" })).toEqual([priya.id]);
    expect(ids({ q: "asha 98123" })).toEqual([]);
    expect(ids({ q: "+91 99999 99999" })).toEqual([]);
    // Too few digits to mean a number: "97", in every number here, finds only the code C97.
    expect(phoneDigitsIn("97")).toBeNull();
    expect(ids({ q: "97" })).toEqual([t.db.$client.prepare("select id from employees where employee_code = 'C97'").pluck().get()]);
  });

  it("takes LIKE's wildcards in the search literally", () => {
    const percent = add({ name: "Rate 100% Kumar" });
    const underscore = add({ name: "Under_score" });
    expect(ids({ q: "%" })).toEqual([percent.id]);
    expect(ids({ q: "_" })).toEqual([underscore.id]);
    expect(ids({ q: "\\" })).toEqual([]);
  });

  it("takes any text as search words or a cursor name, never as SQL", () => {
    const nasty = ["'", '"', "%%", "\\%", "--", "'); drop table employees; --", "a\u0000b", "\uD800", "😀 asha", "+", "()", "0", "000", "x".repeat(5000), " ".repeat(50), "a b c d e f g h i j k"];
    for (const text of nasty) {
      expect(() => peoplePage(t.db, { q: text, department: text }, 10), text).not.toThrow();
      expect(() => peoplePage(t.db, { q: text, after: { name: text, id: 1 } }, 10), text).not.toThrow();
      expect(() => peoplePage(t.db, { before: { name: text, id: 1 } }, 10), text).not.toThrow();
    }
    expect(peoplePage(t.db, {}, 10).total).toBe(130);
  });

  it("names each person's manager", () => {
    const boss = add({ name: "Aaron Boss" });
    const report = add({ name: "Aaron Report", managerId: boss.id });
    const rows = peoplePage(t.db, { q: "aaron" }, 10).rows;
    expect(rows.map((row) => [row.name, row.managerName])).toEqual([["Aaron Boss", null], ["Aaron Report", "Aaron Boss"]]);
    expect(rows[1]!.managerId).toBe(boss.id);
    expect(report.id).toBe(rows[1]!.id);
  });

  it("keeps pages stable while people are added and renamed", () => {
    const first = peoplePage(t.db, {}, 50);
    // Someone new sorts onto the first page, and someone on the second page is renamed to the front.
    add({ name: "Aadhya New" });
    const second = peoplePage(t.db, { after: first.next! }, 50);
    updateEmployee(t.db, second.rows[10]!.id, { name: "Aaa Renamed" }, now);
    const third = peoplePage(t.db, { after: second.next! }, 50);
    const seen = [...first.rows, ...second.rows, ...third.rows].map((row) => row.id);
    expect(new Set(seen).size).toBe(seen.length);
    // Nobody already listed moved into a later page, and the third page goes on from where the second ended.
    expect(third.rows[0]!.id).toBe(expected().at(expected().indexOf(second.rows.at(-1)!.id) + 1));
  });

  it("answers a cursor past the end with no rows and no error", () => {
    const page = peoplePage(t.db, { after: { name: "zzzz", id: 1 } }, 50);
    expect(page).toMatchObject({ rows: [], total: 130, next: null, previous: null });
    const before = peoplePage(t.db, { before: { name: "", id: 1 } }, 50);
    expect(before.rows.map((row) => row.id)).toEqual(expected().slice(0, 50));
  });

  it("reads a page from the indexes: no sort of the whole table, first page or one department's", () => {
    for (let i = 0; i < 2000; i++) add({ name: `Bulk ${i}`, department: DEPARTMENTS[i % 4]! });
    const plans = (run: () => void) => {
      const found = selectPlans(t.db, run);
      expect(found.length).toBeGreaterThan(0);
      return found;
    };
    const firstPage = plans(() => peoplePage(t.db, {}, 50));
    const departmentPage = plans(() => {
      const first = peoplePage(t.db, { department: "Ops" }, 50);
      peoplePage(t.db, { department: "Ops", after: first.next! }, 50);
    });
    for (const { sql, plan } of [...firstPage, ...departmentPage]) {
      expect(plan, sql).not.toMatch(/TEMP B-TREE/);
      expect(plan, sql).toMatch(/USING (COVERING )?INDEX/);
      if (/order by/i.test(sql)) expect(plan, sql).toMatch(/employees_(name_sort|department_name_sort_nocase)_idx/);
    }
    for (const { sql, plan } of departmentPage) expect(plan, sql).toMatch(/SEARCH employees USING (COVERING )?INDEX employees_department_name_sort_nocase_idx \(department=\?/);
    // Past the first page the name bound is an index range too, not a walk from the start, either way.
    const second = peoplePage(t.db, { after: peoplePage(t.db, {}, 50).next! }, 50);
    const laterPage = plans(() => peoplePage(t.db, { after: second.next! }, 50));
    expect(laterPage.some(({ plan }) => /employees_name_sort_idx \(name_sort>\?\)/.test(plan))).toBe(true);
    const backPage = plans(() => peoplePage(t.db, { before: second.previous! }, 50));
    expect(backPage.some(({ plan }) => /employees_name_sort_idx \(name_sort<\?\)/.test(plan))).toBe(true);
    const departmentLater = plans(() => peoplePage(t.db, { department: "Ops", after: peoplePage(t.db, { department: "Ops" }, 50).next! }, 50));
    expect(departmentLater.some(({ plan }) => /employees_department_name_sort_nocase_idx \(department=\? AND name_sort>\?\)/.test(plan))).toBe(true);
    for (const { sql, plan } of [...laterPage, ...backPage, ...departmentLater]) expect(plan, sql).not.toMatch(/TEMP B-TREE/);
  });

  it("reads every row a filter matches for the export, all pages of it in the list's order, in batches", () => {
    const boss = add({ name: "Aaron Boss", employeeCode: "BOSS-1", department: "Risk" });
    add({ name: "Aaron Report", managerId: boss.id, department: "Risk" });
    for (const filter of [{}, { department: "Risk" }, { q: "esha" }, { q: "aaron", department: "Risk" }, { department: "Nowhere" }] as PeopleFilter[]) {
      // A batch of 7 against pages of 50: the export is not tied to the page size, nor to one page.
      const exported = [...peopleRows(t.db, filter, 7)].map((row) => row.id);
      expect(exported, JSON.stringify(filter)).toEqual(pagesForward(filter, 50).flat());
      expect(exported.length).toBe(countPeople(t.db, filter));
    }
    expect([...peopleRows(t.db, { department: "Risk" }, 7)]).toHaveLength(35);
    expect([...peopleRows(t.db, { q: "aaron" })].map((row) => [row.name, row.managerCode])).toEqual([["Aaron Boss", null], ["Aaron Report", "BOSS-1"]]);
  });

  it("reads the export's batches lazily: a download canceled early stops the reads", () => {
    const rows = peopleRows(t.db, {}, 10);
    const read: number[] = [];
    for (const row of rows) {
      read.push(row.id);
      if (read.length === 15) break;
    }
    expect(read).toEqual(expected().slice(0, 15));
  });

  it("holds one employee code per person whatever its case, and finds who holds a number or code in one indexed query", () => {
    const asha = add({ name: "Asha Code", employeeCode: "E001", phone: "+919811100001" });
    const ravi = add({ name: "Ravi Code", employeeCode: "R-7", phone: "+919811100002" });
    // The index itself refuses "e001" beside "E001", whatever path the write takes.
    expect(() => add({ name: "Lower Case", employeeCode: "e001" })).toThrow(/UNIQUE constraint failed/);
    expect(() => updateEmployee(t.db, ravi.id, { employeeCode: "e001" }, now)).toThrow(/UNIQUE constraint failed/);
    // Letters beyond ASCII are compared as written, by the index and by the check alike.
    add({ name: "Accent Upper", employeeCode: "É9", phone: "+919811100003" });
    expect(numberAndCodeHolders(t.db, { phone: "+919811199999", employeeCode: "é9" })).toEqual({ phone: undefined, code: undefined });
    expect(() => add({ name: "Accent Lower", employeeCode: "é9" })).not.toThrow();

    const holders = (values: { phone: string; employeeCode: string }, exceptId?: number) => {
      let found: ReturnType<typeof numberAndCodeHolders> | undefined;
      const plans = selectPlans(t.db, () => (found = numberAndCodeHolders(t.db, values, exceptId)));
      expect(plans).toHaveLength(1);
      expect(plans[0]!.plan).not.toMatch(/SCAN employees/);
      expect(plans[0]!.plan).toMatch(/employees_phone_unique/);
      expect(plans[0]!.plan).toMatch(/employees_code_nocase_unique/);
      return found!;
    };
    expect(holders({ phone: "+919811199999", employeeCode: "e001" })).toMatchObject({ phone: undefined, code: { id: asha.id, name: "Asha Code" } });
    expect(holders({ phone: "+919811100002", employeeCode: "NEW" })).toMatchObject({ phone: { id: ravi.id }, code: undefined });
    expect(holders({ phone: "+919811100002", employeeCode: "e001" })).toMatchObject({ phone: { id: ravi.id }, code: { id: asha.id } });
    // Someone's own number and code are not a clash when they are edited.
    expect(holders({ phone: "+919811100001", employeeCode: "e001" }, asha.id)).toEqual({ phone: undefined, code: undefined });
  });
});
