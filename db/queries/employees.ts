import { and, asc, count, desc, eq, type Column, gt, gte, inArray, lt, lte, ne, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "../client";
import { certificates, declarations, employees, type Certificate, type Declaration, type Employee } from "../schema";
import { perConnection } from "./prepared";

export type NewEmployee = Pick<Employee, "name" | "employeeCode" | "phone" | "department" | "managerId" | "approver" | "active">;

// Every STATUS, PENDING, ACK or APPROVE looks its sender up: prepared once per connection.
const byPhone = perConnection((db) => db.select().from(employees).where(eq(employees.phone, sql.placeholder("phone"))).prepare());

export function findEmployeeByPhone(db: Db, phone: string): Employee | undefined {
  return byPhone(db).get({ phone });
}

/**
 * An employee code as employees_code_nocase_unique compares it: ASCII letters case aside (SQLite's
 * NOCASE), everything else as written. "E001" and "e001" are one code; "É1" and "é1" are two.
 */
export function employeeCodeKey(code: string): string {
  return code.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

/** A department as stored: spaces trimmed and each run of them one space. */
export function normalizeDepartment(department: string): string {
  return department.replace(/\s+/g, " ").trim();
}

/**
 * A department as the department index compares it (NOCASE): "Compliance", "compliance" and
 * " COMPLIANCE " are one department; letters beyond ASCII as written.
 */
export function departmentKey(department: string): string {
  return normalizeDepartment(department).replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

/**
 * The department as it should be stored: the spelling already on record when one matches case
 * aside (anyone's but `exceptId`'s own, so someone alone in a department can still respell it),
 * else as typed, tidied. One indexed look-up.
 */
export function departmentSpelling(db: Db, department: string, exceptId?: number): string {
  const typed = normalizeDepartment(department);
  if (!typed) return "";
  const stored = db
    .select({ department: employees.department })
    .from(employees)
    .where(and(sql`${employees.department} = ${typed} collate nocase`, exceptId ? ne(employees.id, exceptId) : undefined))
    .limit(1)
    .get();
  return stored?.department ?? typed;
}

export type Holder = Pick<Employee, "id" | "name" | "phone" | "employeeCode">;

/**
 * Who else already holds this WhatsApp number, and who this employee code (case aside, as the unique
 * index compares codes): one query, read off the two unique indexes, never the whole table.
 */
export function numberAndCodeHolders(db: Db, values: { phone: string; employeeCode: string }, exceptId?: number): { phone?: Holder; code?: Holder } {
  // A UNION ALL, not `phone = ? or code = ? collate nocase`: SQLite answers that OR with a scan of
  // the whole table, as its OR optimisation passes over a term with its own collation.
  const holding = (condition: SQL) =>
    db
      .select({ id: employees.id, name: employees.name, phone: employees.phone, employeeCode: employees.employeeCode })
      .from(employees)
      .where(and(condition, exceptId ? ne(employees.id, exceptId) : undefined));
  const rows = holding(eq(employees.phone, values.phone))
    .unionAll(holding(sql`${employees.employeeCode} = ${values.employeeCode} collate nocase`))
    .all();
  return {
    phone: rows.find((row) => row.phone === values.phone),
    code: rows.find((row) => employeeCodeKey(row.employeeCode) === employeeCodeKey(values.employeeCode)),
  };
}

export function findEmployee(db: Db, id: number): Employee | undefined {
  return db.select().from(employees).where(eq(employees.id, id)).get();
}

/**
 * A name as the People list orders it, stored beside the name (employees.name_sort): ASCII letters in
 * lower case, so "de Souza" sits beside "Dean", and each run of digits as its length in three digits
 * then its value without leading zeros, so "Bulk 2" ("bulk 0012") comes before "Bulk 10" ("bulk
 * 00210"). The encoding stays within the digits' bytes, so a number sorts against letters and
 * punctuation where its first digit would. Migration 0025 computes the same key in SQL for rows
 * stored before it: change one and the other must follow (a test holds them together).
 */
export function nameSortKey(name: string): string {
  return name
    .replace(/[A-Z]/g, (letter) => letter.toLowerCase())
    .replace(/[0-9]+/g, (run) => {
      const value = run.replace(/^0+/, "") || "0";
      return `${String(value.length).padStart(3, "0")}${value}`;
    });
}

// The indexes employees_name_sort_idx and employees_department_name_sort_nocase_idx are on this then id.
const nameKey = employees.nameSort;

/** Everyone, in the People list's order. */
export function listEmployees(db: Db): Employee[] {
  return db.select().from(employees).orderBy(asc(nameKey), asc(employees.id)).all();
}

export type PersonChoice = Pick<Employee, "id" | "name" | "employeeCode" | "department" | "approver">;

/**
 * The first `limit` active people the search box's text finds (as the People list's search does),
 * in the list's order, for the manager and approver pickers: a walk of employees_name_sort_idx that
 * stops at `limit` matches, so a picker never carries the whole staff.
 */
export function personChoices(db: Db, q: string, options: { exceptId?: number; limit: number }): PersonChoice[] {
  return db
    .select({ id: employees.id, name: employees.name, employeeCode: employees.employeeCode, department: employees.department, approver: employees.approver })
    .from(employees)
    .where(and(eq(employees.active, true), searchCondition(q), options.exceptId ? ne(employees.id, options.exceptId) : undefined))
    .orderBy(asc(nameKey), asc(employees.id))
    .limit(options.limit)
    .all();
}

/** Whether anyone is active: someone a request could be assigned to. */
export function hasActivePeople(db: Db): boolean {
  return db.select({ id: employees.id }).from(employees).where(eq(employees.active, true)).limit(1).get() !== undefined;
}

export interface PeopleFilter {
  /** Words each found in the name, employee code or department (any case), or the digits of a WhatsApp number. */
  q?: string;
  /** This department, case aside. */
  department?: string;
}

/** A place in the People list: the name and id of the row to continue after (or before). */
export interface PeopleCursor {
  name: string;
  id: number;
}

export type PersonRow = Pick<Employee, "id" | "name" | "employeeCode" | "phone" | "department" | "managerId" | "approver" | "active"> & {
  managerName: string | null;
  managerCode: string | null;
};

export interface PeoplePage {
  rows: PersonRow[];
  /** How many people match the filter, and how many of them come before this page's first row. */
  total: number;
  offset: number;
  /** Cursor for the following page, when there is one. */
  next: PeopleCursor | null;
  /** Cursor for the preceding page, when there is one. */
  previous: PeopleCursor | null;
}

/** Digits a number needs before it narrows the list down: fewer would match most numbers. */
export const MIN_PHONE_DIGITS = 3;

/**
 * The digits of a WhatsApp number typed the way people write one (+91 98123 45678, 098123-45678,
 * 98123), or null when the text is not a number. A leading 0 or 00 is a dialling prefix that E.164
 * numbers never hold, so it is dropped: 098123… still finds +9198123….
 */
export function phoneDigitsIn(text: string): string | null {
  if (!/^[\d\s+().-]+$/.test(text)) return null;
  const digits = text.replace(/\D/g, "").replace(/^0+/, "");
  return digits.length >= MIN_PHONE_DIGITS ? digits : null;
}

const MAX_WORDS = 8;

/** `%word%` for LIKE, with LIKE's own wildcards in the word taken literally. */
function containing(word: string): string {
  return `%${word.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

const contains = (column: Column, word: string) => sql`${column} like ${containing(word)} escape '\\'`;
const phoneContains = (digits: string) => sql`instr(${employees.phone}, ${digits}) > 0`;

/**
 * The search box: the whole text as a number (spaces and all), or every word somewhere in the
 * name, code or department, a word of digits also in the number ("Priya 98123"). LIKE ignores
 * case for ASCII letters only; names in other scripts match as typed.
 */
function searchCondition(q: string): SQL | undefined {
  const words = q.trim().split(/\s+/).filter(Boolean).slice(0, MAX_WORDS);
  if (words.length === 0) return undefined;
  const byWords = and(
    ...words.map((word) => {
      const digits = phoneDigitsIn(word);
      return or(contains(employees.name, word), contains(employees.employeeCode, word), contains(employees.department, word), digits ? phoneContains(digits) : undefined)!;
    }),
  )!;
  const whole = phoneDigitsIn(q.trim());
  return whole ? or(phoneContains(whole), byWords) : byWords;
}

function peopleConditions(filter: PeopleFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.department !== undefined) where.push(sql`${employees.department} = ${filter.department} collate nocase`);
  const search = filter.q === undefined ? undefined : searchCondition(filter.q);
  if (search) where.push(search);
  return where;
}

// Written as a range on the name plus a tie-break, not as `(name, id) > (?, ?)`: SQLite reads only
// the range part as an index bound, and this way it reads both indexes' bounds (EXPLAIN QUERY PLAN).
// The cursor carries the name, not the key: the key is worked out from it here, as it was when stored.
const after = (cursor: PeopleCursor) => and(gte(nameKey, nameSortKey(cursor.name)), or(gt(nameKey, nameSortKey(cursor.name)), gt(employees.id, cursor.id)))!;
const before = (cursor: PeopleCursor) => and(lte(nameKey, nameSortKey(cursor.name)), or(lt(nameKey, nameSortKey(cursor.name)), lt(employees.id, cursor.id)))!;

const manager = alias(employees, "manager");

const personColumns = {
  id: employees.id,
  name: employees.name,
  employeeCode: employees.employeeCode,
  phone: employees.phone,
  department: employees.department,
  managerId: employees.managerId,
  approver: employees.approver,
  active: employees.active,
  managerName: manager.name,
  managerCode: manager.employeeCode,
};

/** Up to `limit` rows matching `where` past `bound`, in list order (or its reverse). */
function fetchPeople(db: Db, where: SQL[], bound: SQL | undefined, backwards: boolean, limit: number): PersonRow[] {
  return db
    .select(personColumns)
    .from(employees)
    .leftJoin(manager, eq(manager.id, employees.managerId))
    .where(and(...where, bound))
    .orderBy(...(backwards ? [desc(nameKey), desc(employees.id)] : [asc(nameKey), asc(employees.id)]))
    .limit(limit)
    .all();
}

/**
 * One page of the People list, by name (case aside, numbers by value: nameSortKey) then id,
 * keyset-paged: no OFFSET, so the last page of thousands costs what the first does, and someone
 * added meanwhile never shifts a page.
 * `after` pages forward, `before` back; a page back that reaches the start is the first page, full.
 */
export function peoplePage(db: Db, filter: PeopleFilter & { after?: PeopleCursor; before?: PeopleCursor }, limit: number): PeoplePage {
  const where = peopleConditions(filter);
  const fetch = (bound: SQL | undefined, backwards: boolean) => fetchPeople(db, where, bound, backwards, limit + 1);
  const howMany = (bound?: SQL) => db.select({ n: count() }).from(employees).where(and(...where, bound)).get()?.n ?? 0;
  // One read transaction: the rows and the counts beside them come from the same moment.
  return db.$client.transaction((): PeoplePage => {
    let rows: PersonRow[];
    if (filter.before && !filter.after) {
      const fetched = fetch(before(filter.before), true);
      rows = fetched.length > limit ? fetched.slice(0, limit).reverse() : fetch(undefined, false).slice(0, limit);
    } else {
      rows = fetch(filter.after ? after(filter.after) : undefined, false).slice(0, limit);
    }
    const total = howMany();
    const first = rows[0];
    const last = rows.at(-1);
    if (!first || !last) return { rows, total, offset: total, next: null, previous: null };
    const offset = filter.after || filter.before ? howMany(before(first)) : 0;
    return {
      rows,
      total,
      offset,
      next: offset + rows.length < total ? { name: last.name, id: last.id } : null,
      previous: offset > 0 ? { name: first.name, id: first.id } : null,
    };
  })();
}

/**
 * Every row the filter matches, in the list's order, read in keyset batches as the caller asks for
 * them (the export streams these): all pages of the filter, not one, and never all rows at once.
 */
export function* peopleRows(db: Db, filter: PeopleFilter, batchSize = 1000): Generator<PersonRow> {
  const where = peopleConditions(filter);
  let bound: SQL | undefined;
  for (;;) {
    const rows = fetchPeople(db, where, bound, false, batchSize);
    yield* rows;
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return;
    bound = after({ name: last.name, id: last.id });
  }
}

/** How many people the filter matches (one indexed count). */
export function countPeople(db: Db, filter: PeopleFilter): number {
  return db.select({ n: count() }).from(employees).where(and(...peopleConditions(filter))).get()?.n ?? 0;
}

/** Every write of a person goes through here or updateEmployee, which keep name_sort in step with the name. */
export function insertEmployee(db: Db, values: NewEmployee, now: Date): Employee {
  return db.insert(employees).values({ ...values, nameSort: nameSortKey(values.name), createdAt: now, updatedAt: now }).returning().get();
}

export function updateEmployee(db: Db, id: number, values: Partial<NewEmployee>, now: Date): void {
  const nameSort = values.name === undefined ? {} : { nameSort: nameSortKey(values.name) };
  db.update(employees).set({ ...values, ...nameSort, updatedAt: now }).where(eq(employees.id, id)).run();
}

/** Every department on record, once each whatever its case (read off the NOCASE department index), in that order. */
export function departments(db: Db): string[] {
  const key = sql`${employees.department} collate nocase`;
  return db
    .select({ department: sql<string>`min(${employees.department})` })
    .from(employees)
    .where(ne(employees.department, ""))
    .groupBy(key)
    .orderBy(key)
    .all()
    .map((row) => row.department);
}

export function certificatesOf(db: Db, employeeId: number): Certificate[] {
  return db.select().from(certificates).where(eq(certificates.employeeId, employeeId)).orderBy(asc(certificates.expiresOn)).all();
}

export function declarationsOf(db: Db, employeeId: number): Declaration[] {
  return db.select().from(declarations).where(eq(declarations.employeeId, employeeId)).orderBy(asc(declarations.dueOn)).all();
}

export function openDeclarationsOf(db: Db, employeeId: number): Declaration[] {
  return db
    .select()
    .from(declarations)
    .where(and(eq(declarations.employeeId, employeeId), inArray(declarations.status, ["pending", "overdue"])))
    .orderBy(asc(declarations.dueOn))
    .all();
}

export type NewCertificate = Pick<Certificate, "employeeId" | "name" | "number" | "issuedOn" | "expiresOn">;
export type NewDeclaration = Pick<Declaration, "employeeId" | "type" | "period" | "status" | "dueOn" | "submittedOn">;

export function insertCertificate(db: Db, values: NewCertificate, now: Date): Certificate {
  return db.insert(certificates).values({ ...values, createdAt: now, updatedAt: now }).returning().get();
}

export function updateCertificate(db: Db, id: number, values: Partial<NewCertificate>, now: Date): void {
  db.update(certificates).set({ ...values, updatedAt: now }).where(eq(certificates.id, id)).run();
}

/** One of the employee's certificates, gone; its expiry-reminder rows go with it (ON DELETE CASCADE). Undefined when there was none. */
export function deleteCertificate(db: Db, employeeId: number, id: number): Certificate | undefined {
  return db.delete(certificates).where(and(eq(certificates.id, id), eq(certificates.employeeId, employeeId))).returning().get();
}

export function insertDeclaration(db: Db, values: NewDeclaration, now: Date): Declaration {
  return db.insert(declarations).values({ ...values, createdAt: now, updatedAt: now }).returning().get();
}

export function updateDeclaration(db: Db, id: number, values: Partial<NewDeclaration>, now: Date): void {
  db.update(declarations).set({ ...values, updatedAt: now }).where(eq(declarations.id, id)).run();
}

/** One of the employee's declarations, gone. Undefined when there was none. */
export function deleteDeclaration(db: Db, employeeId: number, id: number): Declaration | undefined {
  return db.delete(declarations).where(and(eq(declarations.id, id), eq(declarations.employeeId, employeeId))).returning().get();
}

/**
 * Every certificate of each active employee holding one that expires in [from, to] (calendar days;
 * no `from`: any time up to `to`), soonest first. All of theirs, not only those in range, so the
 * caller can tell a certificate a renewal replaced from one still current.
 */
export function certificatesOfHoldersExpiring(db: Db, from: string | null, to: string): (Certificate & { employee: Employee })[] {
  const inRange = and(from === null ? undefined : gte(certificates.expiresOn, from), lte(certificates.expiresOn, to));
  const holders = db.select({ employeeId: certificates.employeeId }).from(certificates).where(inRange);
  return db
    .select({ certificate: certificates, employee: employees })
    .from(certificates)
    .innerJoin(employees, eq(employees.id, certificates.employeeId))
    .where(and(inArray(certificates.employeeId, holders), eq(employees.active, true)))
    .orderBy(asc(certificates.expiresOn), asc(certificates.id))
    .all()
    .map((row) => ({ ...row.certificate, employee: row.employee }));
}

/** Ids of the active employees with a pending or overdue declaration. */
export function employeesWithOpenDeclarations(db: Db): Set<number> {
  const rows = db.selectDistinct({ employeeId: declarations.employeeId }).from(declarations).where(inArray(declarations.status, ["pending", "overdue"])).all();
  return new Set(rows.map((row) => row.employeeId));
}

/** Declarations still due whose date has passed become overdue. */
export function markOverdue(db: Db, today: string, now: Date): number {
  return db.update(declarations).set({ status: "overdue", updatedAt: now }).where(and(eq(declarations.status, "pending"), sql`${declarations.dueOn} < ${today}`)).run().changes;
}
