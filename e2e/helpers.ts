import { expect, type Page } from "@playwright/test";

export async function signIn(page: Page, credentials: { email: string; password: string }, path = "/login") {
  await page.goto(path);
  await page.getByLabel("Email").fill(credentials.email);
  await page.getByLabel("Password").fill(credentials.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}
