import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDb, type TempDb } from "@/tests/support/db";
import { recentAudit } from "@/db/queries/audit";
import { findUserByEmail, listUsers } from "@/db/queries/users";
import { SYSTEM_ACTOR } from "@/lib/audit";
import { verifyPassword } from "./password";
import { createSession, resolveSession, sessionId } from "./sessions";
import { checkThrottle } from "./throttle";
import { bootstrapAdmin, changeOwnPassword, createUser, recoverAccount, resetPassword, setUserActive, setUserRole, UserError } from "./users";

let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.close());

const actor = { id: null, label: "tester" };

describe("bootstrapAdmin", () => {
  it("creates admin@localhost with a random password only when nobody exists", async () => {
    const first = await bootstrapAdmin(t.db, undefined);
    expect(first.kind).toBe("created-generated");
    if (first.kind !== "created-generated") return;
    expect(first.email).toBe("admin@localhost");
    expect(first.password.length).toBeGreaterThanOrEqual(12);
    const stored = findUserByEmail(t.db, "admin@localhost");
    expect(stored?.role).toBe("admin");
    expect(stored?.passwordHash).not.toContain(first.password);
    expect(await verifyPassword(first.password, stored!.passwordHash)).toBe(true);

    expect(await bootstrapAdmin(t.db, undefined)).toEqual({ kind: "existing" });
    expect(listUsers(t.db)).toHaveLength(1);
  });

  it("creates the configured admin once and never overwrites their password later", async () => {
    expect(await bootstrapAdmin(t.db, { email: "boss@example.com", password: "first-password" })).toEqual({ kind: "created-from-env", email: "boss@example.com" });
    expect(await bootstrapAdmin(t.db, { email: "boss@example.com", password: "other-password" })).toEqual({ kind: "env-admin-present", email: "boss@example.com" });
    const stored = findUserByEmail(t.db, "boss@example.com")!;
    expect(await verifyPassword("first-password", stored.passwordHash)).toBe(true);
    expect(findUserByEmail(t.db, "admin@localhost")).toBeUndefined();
  });

  it("refuses to create the configured admin with a weak password, naming the variable, but never judges one already used", async () => {
    await expect(bootstrapAdmin(t.db, { email: "boss@example.com", password: "12345678" })).rejects.toThrow(
      "Invalid environment: ADMIN_PASSWORD is refused: This is one of the most common passwords",
    );
    expect(listUsers(t.db)).toHaveLength(0);
    await createUser(t.db, actor, { email: "boss@example.com", name: "", role: "admin", password: "first-password" });
    expect(await bootstrapAdmin(t.db, { email: "boss@example.com", password: "12345678" })).toEqual({ kind: "env-admin-present", email: "boss@example.com" });
  });
});

describe("user management", () => {
  it("refuses a duplicate email", async () => {
    await createUser(t.db, actor, { email: "a@example.com", name: "", role: "staff", password: "password-1" });
    await expect(createUser(t.db, actor, { email: "a@example.com", name: "", role: "admin", password: "password-2" })).rejects.toThrow(UserError);
    expect(listUsers(t.db)).toHaveLength(1);
  });

  it("never deactivates or demotes the last active admin", async () => {
    const admin = await createUser(t.db, actor, { email: "admin@example.com", name: "", role: "admin", password: "password-1" });
    expect(() => setUserActive(t.db, actor, admin.id, false)).toThrow("last active admin");
    expect(() => setUserRole(t.db, actor, admin.id, "staff")).toThrow("last active admin");

    const second = await createUser(t.db, actor, { email: "second@example.com", name: "", role: "admin", password: "password-1" });
    setUserRole(t.db, actor, admin.id, "staff");
    expect(() => setUserActive(t.db, actor, second.id, false)).toThrow("last active admin");
  });

  it("resetting a password signs out that user's sessions", async () => {
    const user = await createUser(t.db, actor, { email: "a@example.com", name: "", role: "staff", password: "password-1" });
    const { token } = createSession(t.db, "s".repeat(40), user.id, { ip: null, userAgent: null });
    await resetPassword(t.db, actor, user.id, "password-2");
    expect(resolveSession(t.db, "s".repeat(40), token)).toBeUndefined();
    expect(await verifyPassword("password-2", findUserByEmail(t.db, "a@example.com")!.passwordHash)).toBe(true);
  });

  it("refuses an admin resetting their own password (the Your account page asks for the current one)", async () => {
    const admin = await createUser(t.db, actor, { email: "self@example.com", name: "", role: "admin", password: "password-1" });
    const refusal = await resetPassword(t.db, { id: admin.id, label: admin.email }, admin.id, "password-2").catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(UserError);
    expect(refusal).toMatchObject({ field: "password", message: expect.stringContaining("Your account") });
    expect(await verifyPassword("password-1", findUserByEmail(t.db, "self@example.com")!.passwordHash)).toBe(true);
    expect(recentAudit(t.db, 5).map((entry) => entry.action)).not.toContain("user.password_reset");
  });

  it("someone changing their own password stays signed in there, and nowhere else", async () => {
    const user = await createUser(t.db, actor, { email: "a@example.com", name: "", role: "admin", password: "password-1" });
    const here = createSession(t.db, "s".repeat(40), user.id, { ip: null, userAgent: null });
    const elsewhere = createSession(t.db, "s".repeat(40), user.id, { ip: null, userAgent: null });
    await resetPassword(t.db, actor, user.id, "password-2", { keepSessionId: sessionId(here.token, "s".repeat(40)) });
    expect(resolveSession(t.db, "s".repeat(40), here.token)?.user.id).toBe(user.id);
    expect(resolveSession(t.db, "s".repeat(40), elsewhere.token)).toBeUndefined();
  });

  it("audits every change with who, what and before → after, and never a password", async () => {
    await createUser(t.db, actor, { email: "admin@example.com", name: "", role: "admin", password: "password-0" });
    const user = await createUser(t.db, { id: null, label: "boss@example.com", ip: "10.0.0.1" }, { email: "a@example.com", name: "A", role: "staff", password: "password-1" });
    setUserRole(t.db, actor, user.id, "admin");
    await resetPassword(t.db, actor, user.id, "password-2");
    setUserActive(t.db, actor, user.id, false);
    const entries = recentAudit(t.db, 10);
    expect(entries.map((entry) => entry.action)).toEqual(["user.deactivate", "user.password_reset", "user.role_change", "user.create", "user.create"]);
    expect(entries[2]).toMatchObject({ target: "a@example.com", before: { role: "staff" }, after: { role: "admin" } });
    expect(entries[3]).toMatchObject({ actorLabel: "boss@example.com", ip: "10.0.0.1" });
    expect(JSON.stringify(entries)).not.toMatch(/password-[12]/);
  });
});

it("SYSTEM_ACTOR is labelled for the audit trail", () => {
  expect(SYSTEM_ACTOR.label).toBe("system");
});

describe("createUser refusals", () => {
  it("names the email field when the address is taken, so the form can mark it", async () => {
    await createUser(t.db, actor, { email: "taken@example.com", name: "", role: "staff", password: "long-enough-1" });
    const refusal = await createUser(t.db, actor, { email: "taken@example.com", name: "", role: "admin", password: "long-enough-2" }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(UserError);
    expect(refusal).toMatchObject({ message: "A user with the email taken@example.com already exists", field: "email" });
  });
});

/** What a refused call threw, for checking its message and the field it names. */
const refusalOf = (work: Promise<unknown>) => work.then(() => undefined, (error: unknown) => error);

describe("weak passwords", () => {
  it("are refused on create and reset, on the password field, whoever calls", async () => {
    const refusal = await refusalOf(createUser(t.db, actor, { email: "jane.doe@example.com", name: "", role: "staff", password: "jane.doe" }));
    expect(refusal).toBeInstanceOf(UserError);
    expect(refusal).toMatchObject({ field: "password", message: "A password cannot be the email address or the part before the @" });
    expect(listUsers(t.db)).toHaveLength(0);

    const user = await createUser(t.db, actor, { email: "jane.doe@example.com", name: "", role: "staff", password: "password-1" });
    for (const [password, message] of [
      [" ".repeat(8), "A password cannot be only spaces"],
      ["JANE.DOE@example.com", "A password cannot be the email address or the part before the @"],
      ["qwerty123", "This is one of the most common passwords: choose one that is harder to guess"],
    ] as const) {
      expect(await refusalOf(resetPassword(t.db, actor, user.id, password))).toMatchObject({ field: "password", message });
    }
    expect(await verifyPassword("password-1", findUserByEmail(t.db, "jane.doe@example.com")!.passwordHash)).toBe(true);
    expect(recentAudit(t.db, 10).map((entry) => entry.action)).toEqual(["user.create"]);
  });
});

describe("changeOwnPassword", () => {
  const SECRET = "s".repeat(40);
  const me = { id: null, label: "me@example.com", ip: "10.9.0.1" };

  it("needs the current password, keeps this session, ends the others and audits the change", async () => {
    const user = await createUser(t.db, actor, { email: "me@example.com", name: "", role: "staff", password: "old-password-1" });
    const here = createSession(t.db, SECRET, user.id, { ip: null, userAgent: null });
    const elsewhere = createSession(t.db, SECRET, user.id, { ip: null, userAgent: null });
    await changeOwnPassword(t.db, { ...me, id: user.id }, user.id, { currentPassword: "old-password-1", newPassword: "new-password-2" }, { keepSessionId: sessionId(here.token, SECRET) });
    const stored = findUserByEmail(t.db, "me@example.com")!;
    expect(await verifyPassword("new-password-2", stored.passwordHash)).toBe(true);
    expect(resolveSession(t.db, SECRET, here.token)?.user.id).toBe(user.id);
    expect(resolveSession(t.db, SECRET, elsewhere.token)).toBeUndefined();
    const [entry] = recentAudit(t.db, 1);
    expect(entry).toMatchObject({ action: "user.password_change", target: "me@example.com", actorLabel: "me@example.com", ip: "10.9.0.1" });
    expect(JSON.stringify(recentAudit(t.db, 10))).not.toMatch(/(old|new)-password/);
  });

  it("refuses a wrong current password on its field, changes nothing, and counts it toward the sign-in throttle", async () => {
    const user = await createUser(t.db, actor, { email: "me@example.com", name: "", role: "staff", password: "old-password-1" });
    const session = createSession(t.db, SECRET, user.id, { ip: null, userAgent: null });
    const now = new Date("2026-03-01T10:00:00Z");
    for (let i = 0; i < 5; i++) {
      const refusal = await refusalOf(changeOwnPassword(t.db, me, user.id, { currentPassword: `guess-${i}`, newPassword: "new-password-2" }, { now }));
      expect(refusal).toMatchObject({ field: "currentPassword", message: "That is not your current password" });
    }
    // Locked like a sign-in after five failures: even the right password waits, here and at the sign-in form.
    expect(checkThrottle(t.db, "me@example.com", "10.9.0.2", now).allowed).toBe(false);
    const locked = await refusalOf(changeOwnPassword(t.db, me, user.id, { currentPassword: "old-password-1", newPassword: "new-password-2" }, { now }));
    expect(locked).toMatchObject({ field: "currentPassword", message: "Too many failed sign-in attempts. Try again in 15 minutes." });
    expect(await verifyPassword("old-password-1", findUserByEmail(t.db, "me@example.com")!.passwordHash)).toBe(true);
    expect(resolveSession(t.db, SECRET, session.token)?.user.id).toBe(user.id);
    expect(recentAudit(t.db, 10).map((entry) => entry.action)).toEqual(["user.create"]);
  });

  it("refuses the current password as the new one on the new password's field: nothing changes and no session ends", async () => {
    const user = await createUser(t.db, actor, { email: "me@example.com", name: "", role: "staff", password: "old-password-1" });
    const before = findUserByEmail(t.db, "me@example.com")!.passwordHash;
    const elsewhere = createSession(t.db, SECRET, user.id, { ip: null, userAgent: null });
    const refusal = await refusalOf(changeOwnPassword(t.db, { ...me, id: user.id }, user.id, { currentPassword: "old-password-1", newPassword: "old-password-1" }));
    expect(refusal).toMatchObject({ field: "password", message: "The new password is your current one: choose a different password" });
    expect(findUserByEmail(t.db, "me@example.com")!.passwordHash).toBe(before);
    expect(resolveSession(t.db, SECRET, elsewhere.token)?.user.id).toBe(user.id);
    expect(recentAudit(t.db, 10).map((entry) => entry.action)).toEqual(["user.create"]);
    // A wrong current password is still refused as that, whatever the new one.
    expect(await refusalOf(changeOwnPassword(t.db, me, user.id, { currentPassword: "new-password-2", newPassword: "new-password-2" }))).toMatchObject({ field: "currentPassword" });
  });

  it("refuses a weak new password before the current one is even checked", async () => {
    const user = await createUser(t.db, actor, { email: "me@example.com", name: "", role: "staff", password: "old-password-1" });
    for (const [newPassword, message] of [
      [" ".repeat(10), "A password cannot be only spaces"],
      ["me@example.com", "A password cannot be the email address or the part before the @"],
      ["password", "This is one of the most common passwords: choose one that is harder to guess"],
    ] as const) {
      expect(await refusalOf(changeOwnPassword(t.db, me, user.id, { currentPassword: "wrong", newPassword }))).toMatchObject({ field: "password", message });
    }
    // None of those reached the password check, so none counted as a failed sign-in.
    expect(t.db.$client.prepare("select count(*) as n from login_attempts").get()).toEqual({ n: 0 });
  });
});

describe("recoverAccount (npm run reset-password)", () => {
  const commandLine = { id: null, label: "command line (npm run reset-password)" };

  it("sets the password, reactivates the user, ends their sessions and audits it as the command line", async () => {
    const admin = await createUser(t.db, actor, { email: "only@example.com", name: "", role: "admin", password: "forgotten-1" });
    await createUser(t.db, actor, { email: "other@example.com", name: "", role: "admin", password: "other-password-1" });
    const session = createSession(t.db, "s".repeat(40), admin.id, { ip: null, userAgent: null });
    setUserActive(t.db, actor, admin.id, false);
    const recovered = await recoverAccount(t.db, commandLine, "  Only@Example.com ", "remembered-2");
    expect(recovered).toMatchObject({ id: admin.id, email: "only@example.com", role: "admin", active: true });
    const stored = findUserByEmail(t.db, "only@example.com")!;
    expect(stored.active).toBe(true);
    expect(await verifyPassword("remembered-2", stored.passwordHash)).toBe(true);
    expect(resolveSession(t.db, "s".repeat(40), session.token)).toBeUndefined();
    const [entry] = recentAudit(t.db, 1);
    expect(entry).toMatchObject({ action: "user.password_reset", target: "only@example.com", actorLabel: "command line (npm run reset-password)", actorUserId: null, before: { active: false }, after: { active: true } });
  });

  it("ends every session of an active user too, and refuses unknown emails and weak passwords", async () => {
    const user = await createUser(t.db, actor, { email: "a@example.com", name: "", role: "admin", password: "forgotten-1" });
    const session = createSession(t.db, "s".repeat(40), user.id, { ip: null, userAgent: null });
    expect(await refusalOf(recoverAccount(t.db, commandLine, "nobody@example.com", "remembered-2"))).toMatchObject({ message: "No user has the email nobody@example.com" });
    expect(await refusalOf(recoverAccount(t.db, commandLine, "a@example.com", "11111111"))).toMatchObject({ field: "password" });
    expect(resolveSession(t.db, "s".repeat(40), session.token)?.user.id).toBe(user.id);
    await recoverAccount(t.db, commandLine, "a@example.com", "remembered-2");
    expect(resolveSession(t.db, "s".repeat(40), session.token)).toBeUndefined();
    expect(recentAudit(t.db, 1)[0]).toMatchObject({ action: "user.password_reset", before: null, after: null });
  });
});
