import { expect, type Page } from "@playwright/test";

export async function signIn(page: Page, credentials: { email: string; password: string }, path = "/login") {
  await page.goto(path);
  await page.getByLabel("Email").fill(credentials.email);
  await page.getByLabel("Password").fill(credentials.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}

/** Adds a user through the Users page; the signed-in `page` must be an admin's. */
export async function addUser(page: Page, credentials: { email: string; password: string }, role: "staff" | "admin" = "staff") {
  await page.goto("/users");
  const form = page.getByRole("region", { name: "Add a user" });
  await form.getByLabel("Email").fill(credentials.email);
  await form.getByLabel("Role").selectOption(role);
  await form.getByLabel("Initial password").fill(credentials.password);
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByRole("status")).toHaveText(`Added ${credentials.email} as ${role}.`);
}
