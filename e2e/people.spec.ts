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

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signIn(page, ADMIN);
  await page.goto(`/people?department=${encodeURIComponent(DEPARTMENT)}`);
  // A retried worker finds them imported already: the importer refuses codes it has.
  if ((await page.getByText(/^Showing /).count()) === 0) {
    const csv = ["name,employee_code,phone,department,manager_code,active", ...PAGERS.map((p, i) => `${p.name},${p.code},${p.phone},${DEPARTMENT},${i === 0 ? "" : PAGERS[0]!.code},no`)].join("\n");
    const importer = page.getByRole("form", { name: "Import from CSV" });
    await importer.getByLabel("CSV file").setInputFiles({ name: "pagers.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await importer.getByRole("button", { name: "Preview" }).click();
    await importer.getByRole("button", { name: `Import ${PAGERS.length} rows` }).click();
    await expect(importer.getByRole("status")).toHaveText(`Imported ${PAGERS.length} people.`);
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
