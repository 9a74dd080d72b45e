import { expect, test } from "@playwright/test";
import { ADMIN } from "./credentials";
import { signIn } from "./helpers";

test("an anonymous visit to /inbox lands on /login and returns to the inbox after signing in", async ({ page }) => {
  await page.goto("/inbox");
  await expect(page).toHaveURL(/\/login\?next=%2Finbox$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/inbox$/);
  await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
});

test("sign-in returns to the page with its filters", async ({ page }) => {
  await page.goto("/inbox?direction=received&q=declaration");
  await expect(page).toHaveURL(/\/login\?next=%2Finbox%3Fdirection%3Dreceived%26q%3Ddeclaration$/);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/inbox\?direction=received&q=declaration$/);
  await expect(page.getByRole("searchbox", { name: "Search messages" })).toHaveValue("declaration");
});

test("a wrong password shows an error and does not sign in", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("alert").filter({ hasText: /\w/ })).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByLabel("Email")).toHaveValue(ADMIN.email);
  // Typing resumes in the emptied password field, which names the reason, not on the page.
  const password = page.getByLabel("Password");
  await expect(password).toBeFocused();
  await expect(password).toHaveValue("");
  await expect(password).toHaveAccessibleDescription("Wrong email or password.");

  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
});

test("the session cookie is httpOnly and SameSite=Lax, and signing out ends the session", async ({ page, context }) => {
  await signIn(page, ADMIN);
  const cookie = (await context.cookies()).find((c) => c.name === "sb_session");
  expect(cookie).toBeDefined();
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe("Lax");

  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page).toHaveURL(/\/login$/);

  // The old token must be dead on the server too, not just removed from this browser.
  await context.addCookies([{ ...cookie!, expires: -1 }]);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/login\?next=%2Fsettings$/);
});

test("the dashboard navigation is reachable by keyboard", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Overview" })).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/inbox$/);
  await expect(page.getByRole("link", { name: "Inbox" })).toHaveAttribute("aria-current", "page");
});

test("the sign-in page and the dashboard load without a failed request or a console error, icon included", async ({ page }) => {
  const problems: string[] = [];
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  await page.goto("/login");
  const icon = page.locator('link[rel="icon"]');
  await expect(icon).toHaveAttribute("href", /\/icon\.svg/);
  const served = await page.request.get((await icon.getAttribute("href"))!);
  expect([served.status(), served.headers()["content-type"]]).toEqual([200, "image/svg+xml"]);

  await signIn(page, ADMIN);
  await page.waitForLoadState("networkidle");
  expect(problems).toEqual([]);
});
