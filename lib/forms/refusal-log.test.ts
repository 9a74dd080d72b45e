import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recentErrors } from "@/db/queries/errors";
import { passwordChange, passwordChangeRefused } from "@/lib/auth/password-change";
import { tempDb, type TempDb } from "@/tests/support/db";
import { refusalOf } from "./refusal";
import { EMAIL_HIDDEN, errorEntryFor, FORM_REFUSED, logFormRefusal } from "./refusal-log";

let t: TempDb;
beforeEach(() => (t = tempDb()));
afterEach(() => t.close());

describe("a refused form in the error log", () => {
  it("is filed under its form with the message the person saw, not the function that refused it", () => {
    const state = logFormRefusal(t.db, "form.settings.limits", { error: "Daily limit must be a whole number", field: "dailyLimit" }, { dailyLimit: "ten" });
    expect(state).toEqual({ ok: false, error: "Daily limit must be a whole number", field: "dailyLimit" });
    const [entry] = recentErrors(t.db, 1);
    expect(entry).toMatchObject({ source: "form.settings.limits", reason: FORM_REFUSED, detail: "Daily limit must be a whole number", payload: { dailyLimit: "ten" } });
  });

  it("keeps no field that could hold a secret, even when a caller passes one", () => {
    logFormRefusal(t.db, "form.users.add", "Check the form", { email: "new@example.com", password: "hunter2-typed", newPassword: "x", apiToken: "y", role: "staff" });
    const [entry] = recentErrors(t.db, 1);
    expect(entry?.payload).toEqual({ email: "new@example.com", role: "staff" });
    expect(JSON.stringify(entry)).not.toContain("hunter2");
  });

  it("for a change of password holds the rule it broke and the user's id, and nothing typed into it", () => {
    const typed = { currentPassword: "Old-secret-phrase-1", password: "New-secret-phrase-1", confirmPassword: "New-secret-phrase-2" };
    const parsed = passwordChange.safeParse(typed);
    expect(parsed.success).toBe(false);
    passwordChangeRefused(t.db, refusalOf(parsed.error!), 7);
    const [entry] = recentErrors(t.db, 1);
    expect(entry).toMatchObject({ source: "form.account.password", reason: FORM_REFUSED, detail: "The two new passwords are not the same", payload: { userId: 7 } });
    expect(JSON.stringify(entry)).not.toContain("secret-phrase");
    expect(Object.keys(entry?.payload as object)).toEqual(["userId"]);
  });
});

describe("an error-log entry shown on the Logs page", () => {
  const entry = { id: 1, detail: "ops@example.com already has an account", payload: { email: "ops@example.com", nested: { list: ["a.b+c@mail.example.co.in"] }, role: "staff", count: 2 } };

  it("hides email addresses from staff, in the detail and anywhere in the payload", () => {
    const shown = errorEntryFor(entry, "staff");
    expect(shown.detail).toBe(`${EMAIL_HIDDEN} already has an account`);
    expect(shown.payload).toEqual({ email: EMAIL_HIDDEN, nested: { list: [EMAIL_HIDDEN] }, role: "staff", count: 2 });
    expect(JSON.stringify(shown)).not.toContain("@");
  });

  it("shows admins the entry as stored", () => {
    expect(errorEntryFor(entry, "admin")).toBe(entry);
  });
});
