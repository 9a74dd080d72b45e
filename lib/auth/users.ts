import { z } from "zod";
import { inTransaction, type Db } from "@/db/client";
import { deleteUserSessions } from "@/db/queries/sessions";
import { countActiveAdmins, countUsers, findUserByEmail, findUserById, findUserWithHash, insertUser, updateUser, type PublicUser } from "@/db/queries/users";
import type { Role } from "@/db/schema";
import { recordAudit, SYSTEM_ACTOR, type Actor } from "@/lib/audit";
import { EnvError } from "@/lib/env";
import { generatePassword, hashPassword, verifyPassword } from "./password";
import { passwordProblem } from "./password-policy";
import { describeRetry } from "./sign-in";
import { beginAttempt } from "./throttle";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address"));
/** The rules that need no account; the one about the account's own email is checked where the account is known. */
export const passwordSchema = z.string().superRefine((password, ctx) => {
  const problem = passwordProblem(password);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});
export const roleSchema = z.enum(["admin", "staff"]);

export const newUserSchema = z.object({
  email: emailSchema,
  name: z.string().trim().max(100, "Names can have at most 100 characters"),
  role: roleSchema,
  password: passwordSchema,
});
export type NewUserInput = z.infer<typeof newUserSchema>;

export class UserError extends Error {
  /** The form input it is about, when there is one (so the form can mark it). */
  readonly field?: string;
  constructor(message: string, field?: string) {
    super(message);
    this.name = "UserError";
    if (field) this.field = field;
  }
}

/** Every caller (forms, the command line, start-up) gets the same rules, whatever it validated before. */
function assertPasswordAllowed(password: string, email: string): void {
  const problem = passwordProblem(password, email);
  if (problem) throw new UserError(problem, "password");
}

export async function createUser(db: Db, actor: Actor, input: NewUserInput, now = new Date()): Promise<PublicUser> {
  assertPasswordAllowed(input.password, input.email);
  const passwordHash = await hashPassword(input.password);
  return inTransaction(db, () => {
    if (findUserByEmail(db, input.email)) throw new UserError(`A user with the email ${input.email} already exists`, "email");
    const user = insertUser(db, { email: input.email, name: input.name, role: input.role, passwordHash, now });
    recordAudit(db, actor, "user.create", { target: user.email, after: { email: user.email, name: user.name, role: user.role } }, now);
    return user;
  });
}

function requireUser(db: Db, userId: number): PublicUser {
  const user = findUserById(db, userId);
  if (!user) throw new UserError("That user no longer exists");
  return user;
}

function assertKeepsAnAdmin(db: Db, user: PublicUser): void {
  if (user.role === "admin" && user.active && countActiveAdmins(db) <= 1) {
    throw new UserError("This is the last active admin: make someone else an admin first");
  }
}

/** `keepSessionId`: the session of someone changing their own password, which stays signed in. */
export async function resetPassword(db: Db, actor: Actor, userId: number, password: string, options: { keepSessionId?: string; now?: Date } = {}): Promise<void> {
  const now = options.now ?? new Date();
  // An admin's own password is changed where the current one is asked for: an admin session left
  // open must not be enough to take over the account for good.
  if (actor.id !== null && actor.id === userId) throw new UserError("Change your own password under Your account: it asks for your current password first.", "password");
  assertPasswordAllowed(password, requireUser(db, userId).email);
  const passwordHash = await hashPassword(password);
  inTransaction(db, () => {
    const user = requireUser(db, userId);
    updateUser(db, userId, { passwordHash, updatedAt: now });
    // Whoever knew the old password must not stay signed in with it.
    deleteUserSessions(db, userId, options.keepSessionId);
    recordAudit(db, actor, "user.password_reset", { target: user.email }, now);
  });
}

export type OwnPasswordChange = { currentPassword: string; newPassword: string };

/**
 * A signed-in user replacing their own password. The current one is asked for so that a session
 * left open (or a stolen cookie) is not enough; a wrong one counts as a failed sign-in for the
 * throttle, so this form is no side door for guessing it. A new password equal to the current one is
 * refused (nothing changes, nobody is signed out). `keepSessionId`: the session making the
 * change, which stays signed in while every other one of theirs ends.
 */
export async function changeOwnPassword(
  db: Db,
  actor: Actor,
  userId: number,
  input: OwnPasswordChange,
  options: { keepSessionId?: string; now?: Date } = {},
): Promise<void> {
  const now = options.now ?? new Date();
  const user = findUserWithHash(db, userId);
  if (!user?.active) throw new UserError("Your session has ended. Sign in again.");
  assertPasswordAllowed(input.newPassword, user.email);
  const attempt = beginAttempt(db, user.email, actor.ip ?? "unknown", now);
  if (!attempt.allowed) throw new UserError(describeRetry(attempt.retryAfterMs), "currentPassword");
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) throw new UserError("That is not your current password", "currentPassword");
  attempt.succeeded();
  // Compared only once the current one is verified: before that, it is merely what was typed there.
  // "Changed" to itself would still sign out every other session, and say the password was changed.
  if (input.newPassword === input.currentPassword) throw new UserError("The new password is your current one: choose a different password", "password");
  const passwordHash = await hashPassword(input.newPassword);
  inTransaction(db, () => {
    // Checked against what was verified: a reset by an admin in the meantime wins over this change.
    if (findUserWithHash(db, user.id)?.passwordHash !== user.passwordHash) throw new UserError("Your password was changed meanwhile: sign in again with the new one.");
    updateUser(db, user.id, { passwordHash, updatedAt: now });
    deleteUserSessions(db, user.id, options.keepSessionId);
    recordAudit(db, actor, "user.password_change", { target: user.email }, now);
  });
}

/**
 * Lockout recovery from the server's own shell (`npm run reset-password`): whoever can run commands
 * there already holds the database, so this asks for nothing more. The account is reactivated too,
 * since a deactivated one could not use its new password, and every session of it ends.
 */
export async function recoverAccount(db: Db, actor: Actor, email: string, password: string, now = new Date()): Promise<PublicUser> {
  const address = emailSchema.safeParse(email);
  const found = address.success ? findUserByEmail(db, address.data) : undefined;
  if (!found) throw new UserError(`No user has the email ${email.trim()}`, "email");
  assertPasswordAllowed(password, found.email);
  const passwordHash = await hashPassword(password);
  return inTransaction(db, () => {
    const user = requireUser(db, found.id);
    updateUser(db, user.id, { passwordHash, active: true, updatedAt: now });
    deleteUserSessions(db, user.id);
    recordAudit(db, actor, "user.password_reset", { target: user.email, ...(user.active ? {} : { before: { active: false }, after: { active: true } }) }, now);
    return { ...user, active: true, updatedAt: now };
  });
}

export function setUserActive(db: Db, actor: Actor, userId: number, active: boolean, now = new Date()): void {
  inTransaction(db, () => {
    const user = requireUser(db, userId);
    if (user.active === active) return;
    if (!active) assertKeepsAnAdmin(db, user);
    updateUser(db, userId, { active, updatedAt: now });
    if (!active) deleteUserSessions(db, userId);
    recordAudit(db, actor, active ? "user.reactivate" : "user.deactivate", { target: user.email, before: { active: user.active }, after: { active } }, now);
  });
}

export function setUserRole(db: Db, actor: Actor, userId: number, role: Role, now = new Date()): void {
  inTransaction(db, () => {
    const user = requireUser(db, userId);
    if (user.role === role) return;
    if (role !== "admin") assertKeepsAnAdmin(db, user);
    updateUser(db, userId, { role, updatedAt: now });
    recordAudit(db, actor, "user.role_change", { target: user.email, before: { role: user.role }, after: { role } }, now);
  });
}

export type BootstrapResult =
  | { kind: "existing" }
  | { kind: "created-from-env"; email: string }
  | { kind: "created-generated"; email: string; password: string }
  | { kind: "env-admin-present"; email: string };

/**
 * Makes sure someone can sign in: ADMIN_EMAIL/ADMIN_PASSWORD create that admin once; with neither and
 * no users at all, admin@localhost gets a random password that the caller prints once.
 */
export async function bootstrapAdmin(db: Db, configured: { email: string; password: string } | undefined): Promise<BootstrapResult> {
  if (configured) {
    if (findUserByEmail(db, configured.email)) return { kind: "env-admin-present", email: configured.email };
    // Judged only when it would be used: a deployment whose admin exists keeps starting whatever it set once.
    const problem = passwordProblem(configured.password, configured.email);
    if (problem) throw new EnvError("ADMIN_PASSWORD", `is refused: ${problem}`);
    await createUser(db, SYSTEM_ACTOR, { email: configured.email, name: "Administrator", role: "admin", password: configured.password });
    return { kind: "created-from-env", email: configured.email };
  }
  if (countUsers(db) > 0) return { kind: "existing" };
  const password = generatePassword();
  await createUser(db, SYSTEM_ACTOR, { email: "admin@localhost", name: "Administrator", role: "admin", password });
  return { kind: "created-generated", email: "admin@localhost", password };
}
