import { expect, test, type Page } from "@playwright/test";
import { ADMIN, STAFF } from "./credentials";
import { addUser, expectFieldRefused, signIn } from "./helpers";

test("an admin adds a staff user, who can work but cannot open Settings", async ({ page, browser }) => {
  await signIn(page, ADMIN);
  await page.getByRole("link", { name: "Users" }).click();
  const form = page.getByRole("region", { name: "Add a user" });
  await form.getByLabel("Email").fill(STAFF.email);
  await form.getByLabel("Name").fill("Sam Staff");
  await form.getByLabel("Role").selectOption("staff");
  await form.getByLabel("Initial password").fill(STAFF.password);
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByRole("status")).toHaveText(`Added ${STAFF.email} as staff.`);
  await expect(page.getByRole("region", { name: /All users/ })).toContainText(STAFF.email);

  const staffContext = await browser.newContext();
  const staffPage = await staffContext.newPage();
  await signIn(staffPage, STAFF);
  await expect(staffPage.getByRole("link", { name: "Settings" })).toHaveCount(0);
  await expect(staffPage.getByRole("link", { name: "Users" })).toHaveCount(0);
  const response = await staffPage.goto("/settings");
  expect(response?.status()).toBe(403);
  await expect(staffPage.getByRole("heading", { name: "Admins only" })).toBeVisible();
  // Inside the dashboard's own main landmark, not a second one.
  await expect(staffPage.getByRole("main")).toHaveCount(1);
  await expect(staffPage.getByRole("switch")).toHaveCount(0);
  expect((await staffPage.goto("/users"))?.status()).toBe(403);
  await staffContext.close();
});

test("the last active admin cannot be demoted, and a deactivated user cannot sign in", async ({ page, browser }) => {
  // A user of its own: this test does not lean on the one the previous test added.
  const colleague = { email: "colleague@example.com", password: "colleague-password-1" };
  await signIn(page, ADMIN);
  await addUser(page, colleague);
  // Their password works while they are active, so the refusal below is the deactivation's doing.
  const activeContext = await browser.newContext();
  await signIn(await activeContext.newPage(), colleague);
  await activeContext.close();
  // Choosing a role changes nothing until it is confirmed; Cancel puts the select back.
  await page.getByLabel(`Role of ${colleague.email}`).selectOption("admin");
  await page.getByRole("button", { name: `Cancel role change for ${colleague.email}` }).click();
  await expect(page.getByLabel(`Role of ${colleague.email}`)).toHaveValue("staff");
  await page.reload();
  await expect(page.getByLabel(`Role of ${colleague.email}`)).toHaveValue("staff");

  await page.getByLabel(`Role of ${ADMIN.email}`).selectOption("staff");
  await page.getByRole("button", { name: `Make staff (${ADMIN.email})` }).click();
  await page.getByRole("button", { name: "Yes, make me staff" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /\w/ })).toHaveText("This is the last active admin: make someone else an admin first");
  await expect(page.getByLabel(`Role of ${ADMIN.email}`)).toHaveValue("admin");
  await page.reload();
  await expect(page.getByLabel(`Role of ${ADMIN.email}`)).toHaveValue("admin");

  await page.getByRole("button", { name: `Deactivate ${colleague.email}` }).click();
  await page.getByRole("button", { name: `Yes, deactivate ${colleague.email}` }).click();
  await expect(page.getByRole("status").filter({ hasText: "User deactivated" })).toBeVisible();

  const staffContext = await browser.newContext();
  const staffPage = await staffContext.newPage();
  await staffPage.goto("/login");
  await staffPage.getByLabel("Email").fill(colleague.email);
  await staffPage.getByLabel("Password").fill(colleague.password);
  await staffPage.getByRole("button", { name: "Sign in" }).click();
  await expect(staffPage.getByRole("alert").filter({ hasText: /\w/ })).toHaveText("Wrong email or password.");
  await staffContext.close();

  await page.getByRole("button", { name: `Reactivate ${colleague.email}` }).click();
  await expect(page.getByRole("status").filter({ hasText: "User reactivated" })).toBeVisible();
});

test("a role change stays confirmed on the page after it is saved", async ({ page }) => {
  await signIn(page, ADMIN);
  await addUser(page, { email: "promoted@example.com", password: "promoted-password-1" });

  await page.getByLabel("Role of promoted@example.com").selectOption("admin");
  await page.getByRole("button", { name: "Make admin (promoted@example.com)" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Role changed to admin." })).toBeVisible();
  await expect(page.getByLabel("Role of promoted@example.com")).toHaveValue("admin");
  await expect(page.getByRole("button", { name: "Make admin (promoted@example.com)" })).toHaveCount(0);

  await page.getByLabel("Role of promoted@example.com").selectOption("staff");
  await page.getByRole("button", { name: "Make staff (promoted@example.com)" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Role changed to staff." })).toBeVisible();
  await expect(page.getByLabel("Role of promoted@example.com")).toHaveValue("staff");
});

/** The Users page's row of one user. */
const userRow = (page: Page, email: string) => page.getByRole("region", { name: /All users/ }).getByRole("listitem").filter({ hasText: email });

test("a row shows the answer to its latest action, also after a password reset", async ({ page }) => {
  const colleague = { email: "reset-then-deactivate@example.com", password: "reset-then-deactivate-1" };
  await signIn(page, ADMIN);
  await addUser(page, colleague);

  // Your own password is changed under Your account (it asks for the current one), not reset here.
  const own = userRow(page, ADMIN.email);
  await expect(own.getByRole("button", { name: `Reset password for ${ADMIN.email}` })).toHaveCount(0);
  await expect(own.getByRole("link", { name: "Change your password" })).toHaveAttribute("href", "/account");

  // A refusal is shown on the row, and the select says why it went back.
  const role = own.getByLabel(`Role of ${ADMIN.email}`);
  await role.selectOption("staff");
  await own.getByRole("button", { name: `Make staff (${ADMIN.email})` }).click();
  await own.getByRole("button", { name: "Yes, make me staff" }).click();
  await expect(own.getByRole("alert")).toHaveText("This is the last active admin: make someone else an admin first");
  await expect(own.getByRole("status")).toHaveCount(0);
  await expect(role).toHaveValue("admin");
  await expect(role).toBeFocused();

  // Same on another row: reset, then deactivate and reactivate, each answer in turn.
  const row = userRow(page, colleague.email);
  await row.getByRole("button", { name: `Reset password for ${colleague.email}` }).click();
  await row.getByLabel(`New password for ${colleague.email}`).fill("a-brand-new-password-2");
  await row.getByRole("button", { name: "Save password" }).click();
  await expect(row.getByRole("status")).toHaveText("Password reset; that user's sessions were signed out.");
  await row.getByRole("button", { name: `Deactivate ${colleague.email}` }).click();
  await row.getByRole("button", { name: `Yes, deactivate ${colleague.email}` }).click();
  await expect(row.getByRole("status")).toHaveText("User deactivated and signed out.");
  await row.getByRole("button", { name: `Reactivate ${colleague.email}` }).click();
  await expect(row.getByRole("status")).toHaveText("User reactivated.");
  // And a refused reset replaces a button's answer in turn, on the password field.
  await row.getByRole("button", { name: `Reset password for ${colleague.email}` }).click();
  await row.getByLabel(`New password for ${colleague.email}`).fill("qwerty123");
  await row.getByRole("button", { name: "Save password" }).click();
  await expectFieldRefused(row.getByLabel(`New password for ${colleague.email}`), row.getByRole("alert"), "This is one of the most common passwords: choose one that is harder to guess");
  await expect(row.getByRole("status")).toHaveCount(0);
});

test("the password reset form takes focus, and Cancel or Escape closes it with focus back on its button", async ({ page }) => {
  const colleague = { email: "reset-form-focus@example.com", password: "reset-form-focus-1" };
  await signIn(page, ADMIN);
  await addUser(page, colleague);
  const row = userRow(page, colleague.email);
  const open = row.getByRole("button", { name: `Reset password for ${colleague.email}` });
  const input = row.getByLabel(`New password for ${colleague.email}`);
  await open.click();
  await expect(open).toHaveAttribute("aria-expanded", "true");
  await expect(input).toBeFocused();
  await input.fill("half-typed");
  await page.keyboard.press("Escape");
  await expect(input).toHaveCount(0);
  await expect(open).toBeFocused();
  await expect(open).toHaveAttribute("aria-expanded", "false");
  await open.click();
  await row.getByRole("button", { name: `Cancel password reset for ${colleague.email}` }).click();
  await expect(input).toHaveCount(0);
  await expect(open).toBeFocused();
});

test("deactivating someone asks first, starting on Cancel; Escape and Cancel keep them active", async ({ page, browser }) => {
  const colleague = { email: "deactivation-asked@example.com", password: "deactivation-asked-1" };
  await signIn(page, ADMIN);
  await addUser(page, colleague);
  const theirs = await browser.newContext();
  const theirPage = await theirs.newPage();
  await signIn(theirPage, colleague);

  const row = userRow(page, colleague.email);
  const deactivate = row.getByRole("button", { name: `Deactivate ${colleague.email}` });
  const question = row.getByRole("group", { name: /^Deactivate deactivation-asked@example\.com\?/ });
  await deactivate.click();
  await expect(question).toContainText("They are signed out at once");
  await expect(question.getByRole("button", { name: `Cancel deactivating ${colleague.email}` })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(question).toHaveCount(0);
  await expect(deactivate).toBeFocused();
  await deactivate.click();
  await question.getByRole("button", { name: `Cancel deactivating ${colleague.email}` }).click();
  await expect(deactivate).toBeFocused();
  await theirPage.reload();
  await expect(theirPage.getByRole("navigation", { name: "Main" })).toBeVisible();

  await deactivate.click();
  await question.getByRole("button", { name: `Yes, deactivate ${colleague.email}` }).click();
  await expect(row.getByRole("status")).toHaveText("User deactivated and signed out.");
  await expect(row.getByRole("button", { name: `Reactivate ${colleague.email}` })).toBeFocused();
  await theirPage.reload();
  await expect(theirPage).toHaveURL(/\/login/);
  await theirs.close();
});

test("an admin making themselves staff is asked first, then lands on their account page told why", async ({ page, browser }) => {
  const self = { email: "steps-down@example.com", password: "steps-down-password-1" };
  await signIn(page, ADMIN);
  await addUser(page, self, "admin");
  const theirs = await browser.newContext();
  const theirPage = await theirs.newPage();
  await signIn(theirPage, self);
  await theirPage.goto("/users");

  const row = userRow(theirPage, self.email);
  await row.getByLabel(`Role of ${self.email}`).selectOption("staff");
  const make = row.getByRole("button", { name: `Make staff (${self.email})` });
  await make.click();
  const question = row.getByRole("group", { name: /^Make yourself staff\?/ });
  await expect(question).toContainText("You lose access to Settings and Users at once");
  await expect(question.getByRole("button", { name: "Cancel making yourself staff" })).toBeFocused();
  await theirPage.keyboard.press("Escape");
  await expect(question).toHaveCount(0);
  await expect(make).toBeFocused();

  await make.click();
  await question.getByRole("button", { name: "Yes, make me staff" }).click();
  await expect(theirPage).toHaveURL(/\/account\?notice=demoted$/);
  await expect(theirPage.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(theirPage.getByRole("status").filter({ hasText: "You are now staff" })).toContainText("Settings and Users are for admins");
  await expect(theirPage.getByRole("link", { name: "Users" })).toHaveCount(0);
  expect((await theirPage.goto("/users"))?.status()).toBe(403);
  await theirs.close();

  await page.reload();
  await expect(page.getByLabel(`Role of ${self.email}`)).toHaveValue("staff");
});

test("the Add user form refuses a password of only spaces on its field", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/users");
  const form = page.getByRole("region", { name: "Add a user" });
  await form.getByLabel("Email").fill("spaces@example.com");
  await form.getByLabel("Initial password").fill(" ".repeat(8));
  await form.getByRole("button", { name: "Add user" }).click();
  await expectFieldRefused(form.getByLabel("Initial password"), form.getByRole("alert"), "A password cannot be only spaces");
  await expect(page.getByRole("region", { name: /All users/ })).not.toContainText("spaces@example.com");
});

test("anyone signed in changes their own password from Your account: other sessions end, this one stays", async ({ page, browser }) => {
  const me = { email: "changes-own@example.com", password: "changes-own-password-1" };
  const changed = "a-fresh-password-for-me";
  await signIn(page, ADMIN);
  await addUser(page, me);
  const mine = await browser.newContext();
  const myPage = await mine.newPage();
  await signIn(myPage, me);
  const elsewhere = await browser.newContext();
  const elsewherePage = await elsewhere.newPage();
  await signIn(elsewherePage, me);

  await myPage.getByRole("link", { name: "Your account" }).click();
  await expect(myPage).toHaveURL(/\/account$/);
  const section = myPage.getByRole("region", { name: "Change your password" });
  const current = section.getByLabel("Current password");
  const fresh = section.getByLabel("New password", { exact: true });
  const again = section.getByLabel("New password again");
  const submit = section.getByRole("button", { name: "Change password" });

  await current.fill("not-my-password");
  await fresh.fill(changed);
  await again.fill(changed);
  await submit.click();
  await expectFieldRefused(current, section.getByRole("alert"), "That is not your current password");

  await current.fill(me.password);
  await fresh.fill(me.email);
  await again.fill(me.email);
  await submit.click();
  await expectFieldRefused(fresh, section.getByRole("alert"), "A password cannot be the email address or the part before the @");
  // The hint stays among what describes the field.
  await expect.poll(async () => (await fresh.getAttribute("aria-describedby"))?.split(" ")).toContain("new-password-hint");

  // The current password again is no change: refused, and the other session stays signed in.
  await fresh.fill(me.password);
  await again.fill(me.password);
  await submit.click();
  await expectFieldRefused(fresh, section.getByRole("alert"), "The new password is your current one: choose a different password");

  await fresh.fill(changed);
  await again.fill(`${changed}!`);
  await submit.click();
  await expectFieldRefused(again, section.getByRole("alert"), "The two new passwords are not the same");

  await again.fill(changed);
  await submit.click();
  await expect(section.getByRole("status")).toHaveText("Your password is changed. You stay signed in here; your other sessions were signed out.");
  await expect(current).toHaveValue("");

  await myPage.reload();
  await expect(myPage.getByRole("heading", { name: "Your account" })).toBeVisible();
  await elsewherePage.reload();
  await expect(elsewherePage).toHaveURL(/\/login/);
  await elsewherePage.getByLabel("Email").fill(me.email);
  await elsewherePage.getByLabel("Password").fill(me.password);
  await elsewherePage.getByRole("button", { name: "Sign in" }).click();
  await expect(elsewherePage.getByRole("alert").filter({ hasText: /\w/ })).toHaveText("Wrong email or password.");
  await signIn(elsewherePage, { email: me.email, password: changed });
  await mine.close();
  await elsewhere.close();
});
