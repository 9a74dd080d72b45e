import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN } from "./credentials";
import { signIn } from "./helpers";

// More than a page (50) of people in a department of their own, so the filtered counts are exact
// whatever other specs added to the shared database. Zero-padded: name order is number order.
// Inactive: later specs' campaigns to everyone active expect only the people they added.
const DEPARTMENT = "Paging Desk";
const PAGERS = Array.from({ length: 64 }, (_, i) => {
  const n = String(i + 1).padStart(2, "0");
  return { name: `Pager ${n}`, code: `PG${n}`, phone: `+9194400000${n}` };
});

// Two people with no department, to find with the department filter's "No department".
const LOOSE = [
  { name: "Loose End 2", code: "LE2", phone: "+919440000902" },
  { name: "Loose End 10", code: "LE10", phone: "+919440000910" },
];

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signIn(page, ADMIN);
  await page.goto(`/people?department=${encodeURIComponent(DEPARTMENT)}`);
  // A retried worker finds them imported already: the importer refuses codes it has.
  if ((await page.getByText(/^Showing /).count()) === 0) {
    const csv = [
      "name,employee_code,phone,department,manager_code,active",
      ...PAGERS.map((p, i) => `${p.name},${p.code},${p.phone},${DEPARTMENT},${i === 0 ? "" : PAGERS[0]!.code},no`),
      ...LOOSE.map((p) => `${p.name},${p.code},${p.phone},,,no`),
    ].join("\n");
    const importer = page.getByRole("form", { name: "Import from CSV" });
    await importer.getByLabel("CSV file").setInputFiles({ name: "pagers.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await importer.getByRole("button", { name: "Preview" }).click();
    await importer.getByRole("button", { name: `Import ${PAGERS.length + LOOSE.length} rows` }).click();
    await expect(importer.getByRole("status")).toHaveText(`Imported ${PAGERS.length + LOOSE.length} people.`);
  }
  await page.close();
});

const countLine = (page: Page) => page.getByText(/^Showing /);
const names = (page: Page) => page.getByRole("table", { name: "Everyone" }).getByRole("link");
const pages = (page: Page) => page.getByRole("navigation", { name: "Pages" });

test("pages forward and back, filters by department, searches by number and code, and says when no one matches", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/people");
  await expect(countLine(page)).toHaveText(/^Showing 1–50 of \d+$/);
  const total = Number(/of (\d+)/.exec((await countLine(page).textContent()) ?? "")![1]);
  expect(total).toBeGreaterThanOrEqual(PAGERS.length);
  await expect(names(page)).toHaveCount(50);
  const firstName = await names(page).first().textContent();
  await expect(pages(page).getByRole("link", { name: "Previous" })).toHaveCount(0);

  await pages(page).getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/[?&]after=/);
  await expect(countLine(page)).toHaveText(new RegExp(`^Showing 51–\\d+ of ${total}$`));
  await pages(page).getByRole("link", { name: "Previous" }).click();
  await expect(countLine(page)).toHaveText(`Showing 1–50 of ${total}`);
  await expect(names(page).first()).toHaveText(firstName!);

  // The department filter, submitted from the keyboard, and kept by every page link.
  const search = page.getByRole("search", { name: "Find people" });
  await search.getByLabel("Department").selectOption(DEPARTMENT);
  await search.getByRole("button", { name: "Search" }).press("Enter");
  await expect(page).toHaveURL(/\/people\?department=Paging\+Desk$/);
  await expect(countLine(page)).toHaveText(`Showing 1–50 of 64 in ${DEPARTMENT}`);
  await expect(names(page).first()).toHaveText("Pager 01");
  await expect(page.getByRole("row", { name: /Pager 02/ })).toContainText("Pager 01");
  await pages(page).getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/department=Paging\+Desk&after=/);
  await expect(countLine(page)).toHaveText(`Showing 51–64 of 64 in ${DEPARTMENT}`);
  await expect(names(page)).toHaveText(PAGERS.slice(50).map((p) => p.name));
  await expect(pages(page).getByRole("link", { name: "Next" })).toHaveCount(0);
  await pages(page).getByRole("link", { name: "Previous" }).click();
  await expect(countLine(page)).toHaveText(`Showing 1–50 of 64 in ${DEPARTMENT}`);
  await expect(names(page)).toHaveText(PAGERS.slice(0, 50).map((p) => p.name));

  // A number as people write it, typed and submitted with Enter, within the department chosen.
  await expect(search.getByLabel("Department")).toHaveValue(DEPARTMENT);
  await search.getByLabel("Search").fill("+91 94400 00007");
  await search.getByLabel("Search").press("Enter");
  await expect(countLine(page)).toHaveText(`Showing 1 of 1 matching “+91 94400 00007” in ${DEPARTMENT}`);
  await expect(names(page)).toHaveText(["Pager 07"]);

  await search.getByRole("link", { name: "Clear" }).click();
  await expect(page).toHaveURL(/\/people$/);
  await expect(countLine(page)).toHaveText(`Showing 1–50 of ${total}`);
  await expect(search.getByLabel("Search")).toHaveValue("");

  // Any case, by code or name.
  await search.getByLabel("Search").fill("pg42");
  await search.getByLabel("Search").press("Enter");
  await expect(names(page)).toHaveText(["Pager 42"]);
  await search.getByLabel("Search").fill("PAGER 17");
  await search.getByLabel("Search").press("Enter");
  await expect(names(page)).toHaveText(["Pager 17"]);

  await search.getByLabel("Search").fill("nobody-by-this-name");
  await search.getByLabel("Search").press("Enter");
  await expect(page.getByRole("heading", { name: "No one matching “nobody-by-this-name”" })).toBeVisible();
  await page.getByRole("link", { name: "clear the filters" }).click();
  await expect(countLine(page)).toHaveText(`Showing 1–50 of ${total}`);
});

// Plain GET form and links: the filters live in the URL. (Not without JavaScript: the page's loading
// screen is a streamed Suspense boundary, which needs a script to swap in the rendered page.)
test("a search within a department pages on, and a cursor it cannot read starts at the first page", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/people");
  const search = page.getByRole("search", { name: "Find people" });
  await search.getByLabel("Search").fill("pager");
  await search.getByLabel("Department").selectOption(DEPARTMENT);
  await search.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/people\?q=pager&department=Paging\+Desk$/);
  await expect(countLine(page)).toHaveText(`Showing 1–50 of 64 matching “pager” in ${DEPARTMENT}`);
  await pages(page).getByRole("link", { name: "Next" }).click();
  await expect(countLine(page)).toHaveText(`Showing 51–64 of 64 matching “pager” in ${DEPARTMENT}`);

  const response = await page.goto(`/people?department=${encodeURIComponent(DEPARTMENT)}&after=not-a-cursor`);
  expect(response?.status()).toBe(200);
  await expect(page).toHaveURL(/\/people\?department=Paging\+Desk$/);
  await expect(countLine(page)).toHaveText(`Showing 1–50 of 64 in ${DEPARTMENT}`);
});

test("exports what the list shows, every page of it, and says so on the link", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/people");
  await expect(page.getByRole("link", { name: "Export all (CSV)" })).toHaveAttribute("href", "/people/export");
  await page.goto(`/people?department=${encodeURIComponent(DEPARTMENT)}`);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: `Export ${PAGERS.length} matching (CSV)` }).click();
  const lines = readFileSync(await (await download).path()).toString("utf8").replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(lines[0]).toBe("name,employee_code,phone,department,manager_code,approver,active");
  // All 64, not the 50 on the page, in the list's order, each with the columns the importer reads back.
  expect(lines.slice(1)).toEqual(PAGERS.map((p, i) => `${p.name},${p.code},'${p.phone},${DEPARTMENT},${i === 0 ? "" : PAGERS[0]!.code},no,no`));

  await page.goto("/people?q=nobody-by-this-name");
  await expect(page.getByRole("link", { name: /^Export/ })).toHaveCount(0);
});

test("finds people with no department, in number order, and a person's page leads back to the list as it was", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/people");
  const search = page.getByRole("search", { name: "Find people" });
  await search.getByLabel("Department").selectOption({ label: "No department" });
  await search.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/people\?department=%28none%29$/);
  await expect(countLine(page)).toHaveText(`Showing 1–${LOOSE.length} of ${LOOSE.length} without a department`);
  // "Loose End 2" before "Loose End 10": numbers by value.
  await expect(names(page)).toHaveText(["Loose End 2", "Loose End 10"]);
  await expect(search.getByLabel("Department")).toHaveValue("(none)");
  await expect(page.getByRole("link", { name: "Export 2 matching (CSV)" })).toHaveAttribute("href", "/people/export?department=%28none%29");

  await names(page).first().click();
  await expect(page.getByRole("heading", { name: "Loose End 2", level: 1 })).toBeVisible();
  await page.getByRole("link", { name: "← People" }).click();
  await expect(page).toHaveURL(/\/people\?department=%28none%29$/);
  await expect(countLine(page)).toHaveText(`Showing 1–${LOOSE.length} of ${LOOSE.length} without a department`);

  // From the second page of a search within a department, back to that page.
  await page.goto(`/people?q=pager&department=${encodeURIComponent(DEPARTMENT)}`);
  await pages(page).getByRole("link", { name: "Next" }).click();
  await expect(countLine(page)).toHaveText(`Showing 51–64 of 64 matching “pager” in ${DEPARTMENT}`);
  const listUrl = page.url();
  await page.getByRole("link", { name: "Pager 55" }).click();
  await expect(page.getByRole("heading", { name: "Pager 55", level: 1 })).toBeVisible();
  await page.getByRole("link", { name: "← People" }).click();
  await expect(page).toHaveURL(listUrl);
  await expect(countLine(page)).toHaveText(`Showing 51–64 of 64 matching “pager” in ${DEPARTMENT}`);

  // A person's page reached with a link pointing elsewhere still leads only to the list.
  await page.goto(`/people/1?back=https%3A%2F%2Fevil.example&department=${encodeURIComponent("//evil.example")}`);
  await expect(page.getByRole("link", { name: "← People" })).toHaveAttribute("href", "/people?department=%2F%2Fevil.example");
});

test("someone inactive is offered as nobody's new manager, and stays shown where they already manage", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/people?q=PG02");
  await page.getByRole("link", { name: "Pager 02" }).click();
  const edit = page.getByRole("form", { name: "Edit person" });
  const editManager = edit.getByRole("combobox", { name: "Manager" });
  // Pager 01 left, but still manages Pager 02: kept, and marked.
  await expect(editManager).toHaveValue("Pager 01 (PG01), inactive");
  const inactiveId = await edit.locator('input[name="managerId"]').inputValue();
  expect(inactiveId).toMatch(/^[1-9]\d*$/);
  // Nobody who left is offered: every Pager is inactive.
  await editManager.fill("Pager 0");
  await expect(edit.getByText("No active person matches “Pager 0”.")).toBeAttached();
  await expect(edit.getByRole("listbox")).toBeHidden();
  // Text that names nobody chosen is not saved as "no manager": the browser holds the form back.
  await edit.getByRole("button", { name: "Save person" }).click();
  await expect(editManager).toBeFocused();
  expect(await editManager.evaluate((input: HTMLInputElement) => input.validationMessage)).toBe("Choose someone from the list, or clear the field.");
  // Reloaded, the current manager is back.
  await page.reload();
  await expect(editManager).toHaveValue("Pager 01 (PG01), inactive");
  await edit.getByRole("button", { name: "Save person" }).click();
  await expect(edit.getByRole("status")).toHaveText("Saved.");
  await expect(editManager).toHaveValue("Pager 01 (PG01), inactive");

  await page.goto("/people");
  const add = page.getByRole("form", { name: "Add a person" });
  // A form that still holds them (opened before they left) is refused on the field.
  await add.getByLabel("Name").fill("New Joiner");
  await add.getByLabel("Employee code").fill("NJ1");
  await add.getByLabel("WhatsApp number").fill("+919440000990");
  await add.locator('input[name="managerId"]').evaluate((input: HTMLInputElement, id) => (input.value = id), inactiveId);
  await add.getByRole("button", { name: "Add person" }).click();
  await expect(add.getByRole("alert")).toHaveText("Pager 01 (PG01) is inactive: choose an active manager");
  await expect(add.getByRole("combobox", { name: "Manager" })).toBeFocused();
  await expect(add.getByRole("combobox", { name: "Manager" })).toHaveAttribute("aria-invalid", "true");
});

/** A campaign another spec stored (campaigns.spec runs first in a full run), or null when this spec runs alone. */
function firstCampaignId(): number | null {
  const db = new Database(process.env.E2E_DATABASE_PATH!, { readonly: true });
  try {
    return (db.prepare("select min(id) from campaigns").pluck().get() as number | null) ?? null;
  } finally {
    db.close();
  }
}

test("a record's page is titled by its name, and a missing record's 404 by what it is", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/people?q=PG07");
  await page.getByRole("link", { name: "Pager 07" }).click();
  await expect(page).toHaveTitle("Pager 07 · Switchboard");
  // Person 1 and a stored campaign exist, but only under their one address: not as 1e0, 0x1, 01 or 1.0.
  const campaign = firstCampaignId();
  if (campaign !== null) expect((await page.goto(`/reminders/${campaign}`))?.status()).toBe(200);
  const campaignAliases = campaign === null ? [] : [`/reminders/${campaign}e0`, `/reminders/0${campaign}`];
  for (const path of ["/people/999999", "/people/abc", "/people/1e0", "/people/0x1", "/people/01", "/people/1.0", "/reminders/999999", ...campaignAliases, "/inbox/abc"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page).toHaveTitle("Page not found · Switchboard");
  }
});
