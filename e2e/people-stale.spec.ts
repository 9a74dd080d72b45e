import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN } from "./credentials";
import { signIn } from "./helpers";

// A person of this spec's own, in a department of their own, with a number and code no other spec
// uses; inactive at the end, so later specs' campaigns to everyone active never include them.
const PERSON = { name: "Stella Stale", code: "STALE1", phone: "+919330000101", department: "Stale Forms Desk" };

async function adminPage(browser: Browser): Promise<Page> {
  // A context of its own: another browser, with a session of its own.
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, ADMIN);
  return page;
}

async function openPerson(page: Page) {
  await page.goto(`/people?q=${PERSON.code}`);
  await page.getByRole("link", { name: PERSON.name, exact: true }).click();
  return page.getByRole("form", { name: "Edit person" });
}

test("a People form opened before another admin's save is refused instead of undoing it", async ({ browser }) => {
  const pageA = await adminPage(browser);
  const pageB = await adminPage(browser);
  try {
    await pageA.goto("/people");
    const add = pageA.getByRole("form", { name: "Add a person" });
    await add.getByLabel("Name").fill(PERSON.name);
    await add.getByLabel("Employee code").fill(PERSON.code);
    await add.getByLabel("WhatsApp number").fill(PERSON.phone);
    await add.getByLabel("Department").fill(PERSON.department);
    await add.getByRole("button", { name: "Add person" }).click();
    await expect(add.getByRole("status")).toHaveText(`Added ${PERSON.name}.`);

    const editA = await openPerson(pageA);
    const editB = await openPerson(pageB);

    // Admin A deactivates them.
    await editA.getByLabel("Active").uncheck();
    await editA.getByRole("button", { name: "Save person" }).click();
    await expect(editA.getByRole("status")).toHaveText("Saved.");
    // A's own page follows its save: saving again from it is not taken for someone else's change.
    await editA.getByRole("button", { name: "Save person" }).click();
    await expect(editA.getByRole("status")).toHaveText("Saved.");

    // Admin B, on the page opened before, changes the department: refused, naming what A changed.
    await editB.getByLabel("Department").fill("Stale Forms Desk 2");
    await editB.getByRole("button", { name: "Save person" }).click();
    await expect(editB.getByRole("alert")).toHaveText(`Someone else changed ${PERSON.name} since you opened this page (Active). Reload to see their changes.`);

    // Nothing was written: still inactive, department unchanged.
    await pageB.reload();
    const reloaded = pageB.getByRole("form", { name: "Edit person" });
    await expect(reloaded.getByLabel("Active")).not.toBeChecked();
    await expect(reloaded.getByLabel("Department")).toHaveValue(PERSON.department);

    // After the reload B's change goes through, and they stay inactive.
    await reloaded.getByLabel("Department").fill("Stale Forms Desk 2");
    await reloaded.getByRole("button", { name: "Save person" }).click();
    await expect(reloaded.getByRole("status")).toHaveText("Saved.");
    await pageA.reload();
    const after = pageA.getByRole("form", { name: "Edit person" });
    await expect(after.getByLabel("Department")).toHaveValue("Stale Forms Desk 2");
    await expect(after.getByLabel("Active")).not.toBeChecked();
  } finally {
    await pageA.context().close();
    await pageB.context().close();
  }
});
