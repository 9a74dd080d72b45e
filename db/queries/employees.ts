import { and, asc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "../client";
import { certificates, declarations, employees, type Certificate, type Declaration, type Employee } from "../schema";
import { perConnection } from "./prepared";

export type NewEmployee = Pick<Employee, "name" | "employeeCode" | "phone" | "department" | "managerId" | "approver" | "active">;

// Every STATUS, PENDING, ACK or APPROVE looks its sender up: prepared once per connection.
const byPhone = perConnection((db) => db.select().from(employees).where(eq(employees.phone, sql.placeholder("phone"))).prepare());

export function findEmployeeByPhone(db: Db, phone: string): Employee | undefined {
  return byPhone(db).get({ phone });
}

export function findEmployee(db: Db, id: number): Employee | undefined {
  return db.select().from(employees).where(eq(employees.id, id)).get();
}

export function listEmployees(db: Db): Employee[] {
  return db.select().from(employees).orderBy(asc(employees.name), asc(employees.id)).all();
}

export function insertEmployee(db: Db, values: NewEmployee, now: Date): Employee {
  return db.insert(employees).values({ ...values, createdAt: now, updatedAt: now }).returning().get();
}

export function updateEmployee(db: Db, id: number, values: Partial<NewEmployee>, now: Date): void {
  db.update(employees).set({ ...values, updatedAt: now }).where(eq(employees.id, id)).run();
}

export function departments(db: Db): string[] {
  return db
    .selectDistinct({ department: employees.department })
    .from(employees)
    .orderBy(employees.department)
    .all()
    .map((row) => row.department)
    .filter(Boolean);
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
