import { and, asc, count, eq } from "drizzle-orm";
import type { Db } from "../client";
import { users, type Role, type User } from "../schema";

export type PublicUser = Omit<User, "passwordHash">;

const publicColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  active: users.active,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};

export function findUserByEmail(db: Db, email: string): User | undefined {
  return db.select().from(users).where(eq(users.email, email)).get();
}

export function findUserById(db: Db, id: number): PublicUser | undefined {
  return db.select(publicColumns).from(users).where(eq(users.id, id)).get();
}

/** With the password hash: only for checking a password someone typed. */
export function findUserWithHash(db: Db, id: number): User | undefined {
  return db.select().from(users).where(eq(users.id, id)).get();
}

export function listUsers(db: Db): PublicUser[] {
  return db.select(publicColumns).from(users).orderBy(asc(users.email)).all();
}

/** Every user's email by id (users are few and never deleted): who sent what, in exports. */
export function userEmails(db: Db): Map<number, string> {
  return new Map(db.select({ id: users.id, email: users.email }).from(users).all().map((user) => [user.id, user.email]));
}

export function countUsers(db: Db): number {
  return db.select({ n: count() }).from(users).get()?.n ?? 0;
}

export function countActiveAdmins(db: Db): number {
  return db.select({ n: count() }).from(users).where(and(eq(users.role, "admin"), eq(users.active, true))).get()?.n ?? 0;
}

export function insertUser(
  db: Db,
  values: { email: string; name: string; role: Role; passwordHash: string; now: Date },
): PublicUser {
  return db
    .insert(users)
    .values({ email: values.email, name: values.name, role: values.role, passwordHash: values.passwordHash, createdAt: values.now, updatedAt: values.now })
    .returning(publicColumns)
    .get();
}

export function updateUser(
  db: Db,
  id: number,
  changes: Partial<Pick<User, "name" | "role" | "active" | "passwordHash">> & { updatedAt: Date },
): void {
  db.update(users).set(changes).where(eq(users.id, id)).run();
}
