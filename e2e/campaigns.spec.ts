import { expect, test, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { ADMIN } from "./credentials";
import { expectFieldRefused, signIn } from "./helpers";
import { phoneSays } from "./twilio";

// The people below share the server and database with every other spec: their own departments keep their campaigns apart.
test.describe.configure({ mode: "serial" });

async function enableIncoming(page: Page) {
  await page.goto("/settings");
  const incoming = page.getByRole("switch", { name: "Enable incoming messages" });
  if ((await incoming.getAttribute("aria-checked")) === "false") await incoming.click();
  await expect(incoming).toHaveAttribute("aria-checked", "true");
}

async function addPerson(page: Page, name: string, code: string, phone: string, department: string) {
  await page.goto("/people");
  const add = page.getByRole("form", { name: "Add a person" });
  await add.getByLabel("Name").fill(name);
  await add.getByLabel("Employee code").fill(code);
  await add.getByLabel("WhatsApp number").fill(phone);
  await add.getByLabel("Department").fill(department);
  await add.getByRole("button", { name: "Add person" }).click();
  await expect(add.getByRole("status")).toHaveText(`Added ${name}.`);
}

/** The campaign's messages to this number, sent or refused (not the auto-replies to their "hello"). */
function remindersTo(phone: string): number {
  const db = new Database(process.env.E2E_DATABASE_PATH!, { readonly: true });
  try {
    return db.prepare("select count(*) from messages where direction = 'outbound' and to_address = ? and body like 'Hi %, reply ACK.'").pluck().get(`whatsapp:${phone}`) as number;
  } finally {
    db.close();
  }
}

const TEMPLATE = "Campaign due notice";

// Active people left behind would join later specs' campaigns to everyone active, which count only
// their own: once done here, these leave.
test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signIn(page, ADMIN);
  // The template a test saved in Settings goes too: the list is global.
  await page.goto("/settings#templates");
  const saved = page.getByRole("button", { name: `Delete template ${TEMPLATE}` });
  if ((await saved.count()) > 0) {
    // A click before the page is interactive asks nothing: ask until the question is there.
    const question = page.getByRole("group", { name: `Confirm deleting template ${TEMPLATE}` });
    await expect(async () => {
      if (await saved.isVisible()) await saved.click();
      await expect(question).toBeVisible({ timeout: 1_000 });
    }).toPass();
    await question.getByRole("button", { name: "Delete template" }).click();
    await expect(page.getByText(`Template “${TEMPLATE}” deleted.`)).toBeVisible();
  }
  await page.reload();
  await expect(saved).toHaveCount(0);
  for (const name of ["Anita Rao-Deshpande", "Bo Li", "Nia Window", "Ned Nowindow", "Tess Template"]) {
    await page.goto(`/people?q=${encodeURIComponent(name)}`);
    const link = page.getByRole("link", { name, exact: true });
    if ((await link.count()) === 0) continue;
    await link.click();
    const edit = page.getByRole("form", { name: "Edit person" });
    await edit.getByLabel("Active").uncheck();
    await edit.getByRole("button", { name: "Save person" }).click();
    await expect(edit.getByRole("status")).toHaveText("Saved.");
  }
  await page.close();
});

test("the campaign form keeps focus on Preview, and a refusal about one field marks that field and moves the cursor there", async ({ page, request }) => {
  await signIn(page, ADMIN);
  await enableIncoming(page);
  await addPerson(page, "Anita Rao-Deshpande", "CQ1", "+919551000001", "Campaign QA Long");
  await addPerson(page, "Bo Li", "CQ2", "+919551000002", "Campaign QA Long");
  for (const phone of ["+919551000001", "+919551000002"]) await phoneSays(request, phone, "hello");

  await page.goto("/reminders");
  const form = page.getByRole("form", { name: "New reminder campaign" });
  const message = form.getByLabel("Message");
  await form.getByLabel("Campaign name").fill("Long names");
  await form.getByLabel("Recipients").selectOption("department");
  await form.getByLabel("Department").selectOption("Campaign QA Long");
  await message.fill("Hi {name}, reply ACK.");
  const preview = form.getByRole("button", { name: "Preview recipients" });
  await preview.click();
  await expect(form.getByRole("status")).toHaveText("2 will receive it (2 in the audience).");
  await expect(preview).toBeFocused();

  // 1,600 as typed; "Hi Anita Rao-Deshpande, " makes it 1,613 (Bo Li's 1,596 fits).
  await message.fill(`Hi {name}, ${"x".repeat(1589)}`);
  await preview.click();
  await expectFieldRefused(
    message,
    form.getByRole("alert"),
    "With {name} filled in, 1 recipient's message would be over WhatsApp's 1,600 characters. With the longest name (Anita Rao-Deshpande) the message is 1,613 characters: 13 over WhatsApp's 1,600. Shorten the message.",
  );
  await expect(form.getByRole("button", { name: "Send campaign" })).toBeDisabled();

  await message.fill("Hi {name}, reply ACK.");
  await form.getByLabel("Send as").selectOption({ label: "Another template (type its Content SID)" });
  await expect(message).toHaveCount(0);
  const template = form.getByLabel("Template Content SID");
  await template.fill("HX123");
  await preview.click();
  await expectFieldRefused(template, form.getByRole("alert"), "A template's Content SID looks like HX followed by 32 hex characters");
  // Back to free text: the message typed before is still there, and the mark goes with the next answer.
  await form.getByLabel("Send as").selectOption({ label: "Free text" });
  await expect(message).toHaveValue("Hi {name}, reply ACK.");
  await preview.click();
  await expect(form.getByRole("status")).toHaveText("2 will receive it (2 in the audience).");
  await expect(form.getByRole("alert")).toHaveCount(0);

  await form.getByLabel("Recipients").selectOption({ label: "Certificate expiring within N days" });
  const days = form.getByLabel("Days");
  await days.fill("");
  await preview.click();
  await expectFieldRefused(days, form.getByRole("alert"), "Days is required");
  await days.fill("0");
  await preview.click();
  await expectFieldRefused(days, form.getByRole("alert"), "Days must be a whole number from 1 to 365");
});

test("someone a campaign could not send to is counted as not sent, left out of Remind again, and another round within the hour asks first", async ({ page, request }) => {
  await signIn(page, ADMIN);
  await enableIncoming(page);
  await addPerson(page, "Nia Window", "CQ3", "+919551000003", "Campaign QA Window");
  await addPerson(page, "Ned Nowindow", "CQ4", "+919551000004", "Campaign QA Window");
  // Nia wrote in: free text reaches her. Ned never did: it is refused before reaching Twilio.
  await phoneSays(request, "+919551000003", "hello");

  await page.goto("/reminders");
  const form = page.getByRole("form", { name: "New reminder campaign" });
  await form.getByLabel("Campaign name").fill("Window check");
  await form.getByLabel("Message").fill("Hi {name}, reply ACK.");
  await form.getByLabel("Recipients").selectOption("department");
  await form.getByLabel("Department").selectOption("Campaign QA Window");
  await form.getByRole("button", { name: "Preview recipients" }).click();
  await expect(form.getByRole("status")).toContainText("1 will receive it, 1 cannot be sent to (Outside the 24-hour window");
  await form.getByRole("button", { name: "Send campaign" }).click();
  await expect(page).toHaveURL(/\/reminders\/\d+$/);

  const count = (label: string) => page.locator(`[data-count="${label}"]`);
  await expect(count("Sent")).toHaveText("1", { timeout: 15_000 });
  await expect(count("Not sent")).toHaveText("1");
  await expect(count("Failed")).toHaveText("0");
  await expect(page.getByTestId("not-sent")).toHaveText("Not sent: 1 (outside the 24-hour window).");
  // The refused one is not counted as sent: not "All sent · 2 of 2" over a full bar.
  await expect(page.getByTestId("progress-label")).toHaveText("1 sent, 1 not sent");
  await expect(page.getByRole("progressbar", { name: "Messages sent" })).toHaveAttribute("aria-valuetext", "1 of 2 sent");
  await expect(page.getByRole("list", { name: "Not acknowledged" }).getByRole("listitem")).toHaveText([/Nia Window/]);
  await expect(page.getByRole("list", { name: "Not sent" }).getByRole("listitem")).toHaveText([/Ned Nowindow.*outside the 24-hour window/]);
  await expect(page.getByTestId("last-round")).toHaveText(/^Sent (just now|\d+ seconds? ago) by Administrator$/);

  // Sent moments ago: Remind again asks first, starting on Cancel; Escape withdraws the question.
  const remind = page.getByRole("button", { name: "Remind again (1)" });
  const confirm = page.getByRole("group", { name: "Confirm reminding again" });
  await remind.click();
  await expect(confirm).toContainText(/^The campaign went out (just now|\d+ seconds? ago) by Administrator\. Remind everyone who has not acknowledged again now\?/);
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(confirm).toBeHidden();
  await expect(remind).toBeFocused();
  expect(remindersTo("+919551000003")).toBe(1);

  await remind.click();
  await confirm.getByRole("button", { name: "Remind again now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Reminded 1 person again." })).toBeVisible();
  await expect(remind).toBeFocused();
  expect(remindersTo("+919551000003")).toBe(2);
  // Ned was not asked again: his reason still holds.
  expect(remindersTo("+919551000004")).toBe(1);
  await expect(page.getByTestId("last-round")).toHaveText(/^Last reminded (just now|\d+ seconds? ago) by Administrator$/);

  // Once Ned writes in, his window is open: the next round includes him.
  await phoneSays(request, "+919551000004", "hello");
  await page.reload();
  await expect(page.getByRole("button", { name: "Remind again (2)" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Not sent" })).toContainText("can be reminded now");

  // Two hours on (the rounds moved back in the database), Remind again sends at once, and focus stays on it.
  const id = Number(/\/reminders\/(\d+)$/.exec(page.url())![1]);
  const db = new Database(process.env.E2E_DATABASE_PATH!, { timeout: 5000 });
  try {
    db.prepare("update campaigns set created_at = created_at - 7200000, last_reminded_at = last_reminded_at - 7200000 where id = ?").run(id);
    db.prepare("update campaign_sends set sent_at = sent_at - 7200000 where campaign_id = ?").run(id);
  } finally {
    db.close();
  }
  await page.reload();
  const again = page.getByRole("button", { name: "Remind again (2)" });
  await again.click();
  await expect(page.getByRole("status").filter({ hasText: "Reminded 2 people again." })).toBeVisible();
  await expect(again).toBeFocused();
  await expect(page.getByRole("group", { name: "Confirm reminding again" })).toHaveCount(0);
  expect(remindersTo("+919551000004")).toBe(2);
  await expect(page.getByRole("list", { name: "Not sent" })).toHaveCount(0);
  // Each round keeps its own figures: the first round's delivery is still there after two more.
  const rounds = page.getByRole("table", { name: "Rounds" });
  await expect(rounds.locator("tbody tr th")).toHaveText([/^Round 1 · /, /^Round 2 · /, /^Round 3 · /]);
  await expect(rounds.locator('tr[data-round="1"] td')).toHaveText(["2", "1", "1", "1", "0", "1"]);
  await expect(rounds.locator('tr[data-round="2"] td')).toHaveText(["1", "1", "1", "1", "0", "0"]);
  await expect(rounds.locator('tr[data-round="3"] td').first()).toHaveText("2");
});

test("a campaign sent as a template saved in Settings sends exactly its variables: the name for {{1}}, the rest typed once", async ({ page }) => {
  const sid = `HX${randomBytes(16).toString("hex")}`;
  await signIn(page, ADMIN);
  await page.goto("/settings#templates");
  const add = page.getByRole("form", { name: "Add a template" });
  await add.getByLabel("Name").fill(TEMPLATE);
  await add.getByLabel("Content SID").fill(sid);
  await add.getByLabel("Variables").fill("Name, Due date");
  await add.getByRole("button", { name: "Add template" }).click();
  await expect(add.getByRole("status")).toHaveText(`Template “${TEMPLATE}” added.`);
  // Never wrote in: only a template reaches her.
  await addPerson(page, "Tess Template", "CQ5", "+919551000005", "Campaign QA Template");

  await page.goto("/reminders");
  const form = page.getByRole("form", { name: "New reminder campaign" });
  await form.getByLabel("Campaign name").fill("Template check");
  await form.getByLabel("Recipients").selectOption("department");
  await form.getByLabel("Department").selectOption("Campaign QA Template");
  await form.getByLabel("Send as").selectOption({ label: `Template: ${TEMPLATE}` });
  await expect(form.getByText("Name {{1}}: each person's name")).toBeVisible();
  const due = form.getByLabel("Due date {{2}}");
  // Left empty: the browser asks first; a form that gets through is refused on that field.
  await due.evaluate((input: HTMLInputElement) => (input.required = false));
  const preview = form.getByRole("button", { name: "Preview recipients" });
  await preview.click();
  await expectFieldRefused(due, form.getByRole("alert"), "Fill in “Due date” ({{2}})");
  await due.fill("30 Nov");
  await preview.click();
  await expect(form.getByRole("status")).toHaveText("1 will receive it (1 in the audience). Template variables: {{1}} Name: each person's name · {{2}} Due date: 30 Nov.");
  await form.getByRole("button", { name: "Send campaign" }).click();
  await expect(page).toHaveURL(/\/reminders\/\d+$/);
  await expect(page.getByText(`Template “${TEMPLATE}” (${sid}) · {{1}} Name: each person's name · {{2}} Due date: 30 Nov`)).toBeVisible();
  // Twilio (the emulator, which knows Settings' templates) fails mismatched variables with 63028: this one is delivered.
  await expect(page.locator('[data-count="Delivered"]')).toHaveText("1", { timeout: 15_000 });
  await expect(page.locator('[data-count="Failed"]')).toHaveText("0");
  const db = new Database(process.env.E2E_DATABASE_PATH!, { readonly: true });
  try {
    const sent = db.prepare("select j.content_sid, j.content_variables from outbound_jobs j join messages m on m.id = j.message_id where m.to_address = ?").all("whatsapp:+919551000005");
    expect(sent).toEqual([{ content_sid: sid, content_variables: JSON.stringify({ 1: "Tess Template", 2: "30 Nov" }) }]);
  } finally {
    db.close();
  }
});
