import { expect, test } from "@playwright/test";
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
  await expect(page.getByRole("alert").filter({ hasText: /\w/ })).toHaveText("This is the last active admin: make someone else an admin first");
  await expect(page.getByLabel(`Role of ${ADMIN.email}`)).toHaveValue("admin");
  await page.reload();
  await expect(page.getByLabel(`Role of ${ADMIN.email}`)).toHaveValue("admin");

  await page.getByRole("button", { name: `Deactivate ${colleague.email}` }).click();
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
