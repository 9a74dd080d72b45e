import { expect, type Locator, type Page } from "@playwright/test";

export async function signIn(page: Page, credentials: { email: string; password: string }, path = "/login") {
  await page.goto(path);
  await page.getByLabel("Email").fill(credentials.email);
  await page.getByLabel("Password").fill(credentials.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}

/**
 * A refusal that names one input: `message` shows `reason`, and the input is marked invalid, lists
 * that very element among what describes it (beside any hint it had) and has the focus.
 */
export async function expectFieldRefused(input: Locator, message: Locator, reason: string) {
  await expect(message).toHaveText(reason);
  const id = await message.getAttribute("id");
  expect(id, "the message needs an id for aria-describedby to point at").toBeTruthy();
  await expect(input).toHaveAttribute("aria-invalid", "true");
  await expect.poll(async () => (await input.getAttribute("aria-describedby"))?.split(" ")).toContain(id);
  await expect(input).toBeFocused();
}

/**
 * The People list searched for someone by name. It shows 50 at a time, so a person added by an
 * earlier test may be on any page of the whole list; a search finds them on the first.
 */
export async function searchPeople(page: Page, name: string) {
  await page.goto(`/people?q=${encodeURIComponent(name)}`);
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

const DAY_MS = 86_400_000;

/** A UTC calendar day, as the app and date inputs write it. */
export const utcDay = (at = Date.now()) => new Date(at).toISOString().slice(0, 10);
export const addDays = (day: string, days: number) => utcDay(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/**
 * Every UTC day from `since` to now. Whatever the server computed from its "today" after `since` was
 * taken, it computed on one of these: one day, or two when the test ran across midnight.
 */
export function utcDaysSince(since: string): string[] {
  const days = [since];
  while (days.at(-1)! < utcDay()) days.push(addDays(days.at(-1)!, 1));
  return days;
}

/**
 * Chooses a person in a person picker by keyboard alone: types `text`, arrows down to the match
 * named `match` (its visible text starts so) and picks it with Enter.
 */
export async function pickPerson(combobox: Locator, text: string, match: string) {
  await combobox.fill(text);
  const listbox = combobox.page().locator(`[id="${await combobox.getAttribute("aria-controls")}"]`);
  const option = listbox.getByRole("option").filter({ hasText: match }).first();
  await expect(option).toBeVisible();
  const wanted = await option.getAttribute("id");
  for (let step = 0; step < 20 && (await combobox.getAttribute("aria-activedescendant")) !== wanted; step++) await combobox.press("ArrowDown");
  await expect(combobox).toHaveAttribute("aria-activedescendant", wanted!);
  await combobox.press("Enter");
  await expect(listbox).toBeHidden();
}
