import { randomBytes, randomInt } from "node:crypto";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { ADMIN } from "./credentials";
import { signIn } from "./helpers";

/**
 * Keyboard only: each action is run by focusing its control and pressing a key, and afterwards the
 * focus must be on that control or on the place the action deliberately sent it, never on <body>
 * (where a disabled button would have dropped it).
 */
async function press(control: Locator, key = "Enter") {
  await control.focus();
  await expect(control).toBeFocused();
  await control.page().keyboard.press(key);
}

async function expectFocused(page: Page, target: Locator) {
  await expect(target).toBeFocused();
  expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe("BODY");
}

async function setSwitch(page: Page, name: string, on: boolean) {
  const control = page.getByRole("switch", { name });
  if ((await control.getAttribute("aria-checked")) !== String(on)) await control.click();
  await expect(control).toHaveAttribute("aria-checked", String(on));
  await expect(control).not.toHaveAttribute("aria-busy", "true");
}

test("the Settings switches keep the focus and say their new state after a key press", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings");
  const incoming = page.getByRole("switch", { name: "Enable incoming messages" });
  const token = page.getByRole("switch", { name: "Require a secret URL token" });
  const incomingWas = (await incoming.getAttribute("aria-checked")) === "true";
  const tokenWas = (await token.getAttribute("aria-checked")) === "true";
  try {
    await setSwitch(page, "Enable incoming messages", false);
    await setSwitch(page, "Require a secret URL token", false);

    await press(incoming, "Enter");
    await expect(incoming).toHaveAttribute("aria-checked", "true");
    // Rendered by the server once the change is saved: the action has finished.
    await expect(page.getByLabel("Webhook URL")).toBeVisible();
    await expect(incoming).not.toHaveAttribute("aria-busy", "true");
    await expectFocused(page, incoming);

    await page.keyboard.press("Space");
    await expect(incoming).toHaveAttribute("aria-checked", "false");
    await expect(page.getByLabel("Webhook URL")).toHaveCount(0);
    await expectFocused(page, incoming);

    await press(token, "Space");
    await expect(token).toHaveAttribute("aria-checked", "true");
    await expect(page.getByRole("button", { name: "Regenerate", exact: true })).toBeVisible();
    await expect(token).not.toHaveAttribute("aria-busy", "true");
    await expectFocused(page, token);

    await page.keyboard.press("Enter");
    await expect(token).toHaveAttribute("aria-checked", "false");
    await expect(page.getByRole("button", { name: "Regenerate", exact: true })).toHaveCount(0);
    await expectFocused(page, token);
  } finally {
    await page.goto("/settings");
    await setSwitch(page, "Require a secret URL token", tokenWas);
    await setSwitch(page, "Enable incoming messages", incomingWas);
  }
});

test("Add template and Save auto-replies keep the focus on their button; a deleted template's row hands it to the heading", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings");

  const saveReplies = page.getByRole("button", { name: "Save auto-replies" });
  await press(saveReplies);
  await expect(page.getByRole("status").filter({ hasText: "Auto-replies saved." })).toBeVisible();
  await expectFocused(page, saveReplies);

  const name = `QA focus ${randomInt(100_000, 1_000_000)}`;
  const row = page.getByRole("list", { name: "Templates" }).getByRole("listitem").filter({ hasText: name });
  const form = page.getByRole("form", { name: "Add a template" });
  try {
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("Content SID").fill(`HX${randomBytes(16).toString("hex")}`);
    const add = form.getByRole("button", { name: "Add template" });
    await press(add);
    await expect(form.getByRole("status")).toHaveText(`Template “${name}” added.`);
    await expect(row).toHaveCount(1);
    await expectFocused(page, add);

    await press(row.getByRole("button", { name: `Delete template ${name}` }));
    const confirm = row.getByRole("group", { name: `Confirm deleting template ${name}` });
    await expectFocused(page, confirm.getByRole("button", { name: "Cancel" }));
    await page.keyboard.press("Shift+Tab");
    await expectFocused(page, confirm.getByRole("button", { name: "Delete template" }));
    await page.keyboard.press("Enter");
    await expect(row).toHaveCount(0);
    await expectFocused(page, page.getByRole("heading", { name: "Message templates" }));
  } finally {
    if ((await row.count()) > 0) {
      await row.getByRole("button", { name: `Delete template ${name}` }).click();
      await row.getByRole("button", { name: "Delete template" }).click();
    }
    await expect(row).toHaveCount(0);
  }
});

test("Retention: Save retention, the purge check, Place hold, Release and Erase leave the focus on their button or on what happened", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings#retention");
  const retention = page.getByRole("form", { name: "Retention periods" });
  const errorLogDays = retention.getByLabel("Keep error log (days)");
  const saveRetention = retention.getByRole("button", { name: "Save retention" });
  const original = await errorLogDays.inputValue();
  let other: Page | undefined;
  const otherTab = async () => (other ??= await page.context().newPage());
  let changed = false;
  try {
    await errorLogDays.fill(String(Number(original) + 1));
    changed = true;
    // Saved, and done: the status can show before the page's refresh ends, and while the button is
    // still busy a second press is ignored (or the purge check races the refreshed periods).
    const saved = async () => {
      await expect(retention.getByRole("status")).toHaveText("Retention saved.");
      await expect(saveRetention).not.toHaveAttribute("aria-disabled", "true");
    };
    await press(saveRetention);
    await saved();
    await expectFocused(page, saveRetention);
    await errorLogDays.fill(original);
    await press(saveRetention);
    await saved();
    await expectFocused(page, saveRetention);
    changed = false;

    // The purge is checked first; the check's button keeps the focus.
    const purge = page.getByRole("form", { name: "Purge now" });
    const check = purge.getByRole("button", { name: "Check what a purge would delete" });
    await press(check);
    await expect(purge.getByRole("status")).toContainText("Would delete");
    await expectFocused(page, check);

    // Periods changed in another tab: Purge now is refused and goes, so the focus moves to the reason.
    const tab = await otherTab();
    await tab.goto("/settings#retention");
    const tabRetention = tab.getByRole("form", { name: "Retention periods" });
    await tabRetention.getByLabel("Keep error log (days)").fill(String(Number(original) + 2));
    changed = true;
    await tabRetention.getByRole("button", { name: "Save retention" }).click();
    await expect(tabRetention.getByRole("status")).toHaveText("Retention saved.");
    await press(purge.getByRole("button", { name: "Purge now" }));
    const refusal = purge.getByRole("alert");
    await expect(refusal).toHaveText("The retention periods changed since you checked. Check what a purge would delete again before purging.");
    await expect(purge.getByRole("button", { name: "Purge now" })).toHaveCount(0);
    // The line saying what happened, not the page around it.
    await expect
      .poll(() => page.evaluate(() => (document.activeElement === document.body ? "BODY" : document.activeElement?.textContent)))
      .toBe("The retention periods changed since you checked. Check what a purge would delete again before purging.");
  } finally {
    if (changed) {
      const tab = await otherTab();
      await tab.goto("/settings#retention");
      const tabRetention = tab.getByRole("form", { name: "Retention periods" });
      await tabRetention.getByLabel("Keep error log (days)").fill(original);
      await tabRetention.getByRole("button", { name: "Save retention" }).click();
      await expect(tabRetention.getByRole("status")).toHaveText("Retention saved.");
    }
    await other?.close();
  }

  // A number and reason only this test uses: the hold is released again before the test ends.
  const number = `+91947${randomInt(1_000_000, 10_000_000)}`;
  const reason = `QA focus hold ${randomInt(100_000, 1_000_000)}`;
  const hold = page.getByRole("form", { name: "Place a legal hold" });
  const holdRow = page.getByRole("list", { name: "Legal holds" }).getByRole("listitem").filter({ hasText: reason });
  try {
    await hold.getByLabel("Number").fill(number);
    await hold.getByLabel("Reason").fill(reason);
    const place = hold.getByRole("button", { name: "Place hold" });
    await press(place);
    await expect(hold.getByRole("status")).toHaveText(/^Hold \d+ placed\.$/);
    await expect(holdRow).toHaveCount(1);
    await expectFocused(page, place);

    await press(holdRow.getByRole("button", { name: `Release hold ${reason}` }));
    const release = holdRow.getByRole("form", { name: `Confirm releasing hold ${reason}` });
    await expectFocused(page, release.getByRole("button", { name: "Cancel" }));
    await release.getByLabel("Reason for the release").fill("QA focus test over");
    await press(release.getByRole("button", { name: "Release hold" }));
    await expect(holdRow).toHaveCount(0);
    await expect(page.getByRole("status").filter({ hasText: `(${reason}) released.` })).toBeVisible();
    await expectFocused(page, page.getByRole("heading", { name: "Legal holds" }));
  } finally {
    if ((await holdRow.count()) > 0) {
      await holdRow.getByRole("button", { name: `Release hold ${reason}` }).click();
      await holdRow.getByLabel("Reason for the release").fill("QA focus test over");
      await holdRow.getByRole("button", { name: "Release hold" }).click();
    }
    await expect(holdRow).toHaveCount(0);
  }

  // Nobody ever wrote from this number: the erasure finds nothing, and says so.
  const erase = page.getByRole("form", { name: "Erase a number" });
  const eraseNumber = `+91948${randomInt(1_000_000, 10_000_000)}`;
  await erase.getByLabel("Number to erase").fill(eraseNumber);
  await erase.getByLabel("Type it again").fill(eraseNumber);
  const eraseButton = erase.getByRole("button", { name: "Erase everything of this number" });
  await press(eraseButton);
  await expect(erase.getByRole("status")).toHaveText("Erased 0 messages and 0 error-log entries.");
  await expectFocused(page, eraseButton);
});

const colleague = { email: `focus-${randomInt(100_000, 1_000_000)}@example.com`, password: "focus-password-1" };

test.afterAll(async ({ browser }) => {
  // Whatever happened above, the user this spec added cannot sign in afterwards.
  const page = await browser.newPage();
  await signIn(page, ADMIN);
  await page.goto("/users");
  const deactivate = page.getByRole("button", { name: `Deactivate ${colleague.email}` });
  if ((await deactivate.count()) > 0) {
    await deactivate.click();
    await page.getByRole("button", { name: `Yes, deactivate ${colleague.email}` }).click();
    await expect(page.getByRole("button", { name: `Reactivate ${colleague.email}` })).toBeVisible();
  }
  await page.close();
});

test("Users: Add user, Deactivate and Reactivate keep the focus on their button", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/users");
  const form = page.getByRole("region", { name: "Add a user" });
  await form.getByLabel("Email").fill(colleague.email);
  await form.getByLabel("Initial password").fill(colleague.password);
  const add = form.getByRole("button", { name: "Add user" });
  await press(add);
  await expect(form.getByRole("status")).toHaveText(`Added ${colleague.email} as staff.`);
  await expectFocused(page, add);

  await press(page.getByRole("button", { name: `Deactivate ${colleague.email}` }));
  await expectFocused(page, page.getByRole("button", { name: `Cancel deactivating ${colleague.email}` }));
  await page.keyboard.press("Shift+Tab");
  await expectFocused(page, page.getByRole("button", { name: `Yes, deactivate ${colleague.email}` }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "User deactivated and signed out." })).toBeVisible();
  const reactivate = page.getByRole("button", { name: `Reactivate ${colleague.email}` });
  await expectFocused(page, reactivate);

  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "User reactivated." })).toBeVisible();
  await expectFocused(page, page.getByRole("button", { name: `Deactivate ${colleague.email}` }));
});

test("Logs: Verify records keeps the focus on its button", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/logs");
  const records = page.getByRole("region", { name: "Records" });
  const verify = records.getByRole("button", { name: "Verify records" });
  await press(verify);
  await expect(records.getByRole("status")).toContainText("audit_log: intact");
  await expectFocused(page, verify);
});
