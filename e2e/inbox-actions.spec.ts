import { randomInt } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { inboundParams } from "../tests/support/twilio-fixtures";
import { ADMIN } from "./credentials";
import { searchPeople, signIn } from "./helpers";
import { postSigned } from "./twilio";

/** A number no other spec uses: the server and its database are shared by every spec. */
const freshNumber = (prefix = "9192") => `+${prefix}${String(randomInt(10 ** (11 - prefix.length), 10 ** (12 - prefix.length)))}`;

async function writesIn(request: APIRequestContext, phone: string, body: string) {
  const sent = await postSigned(request, "/api/twilio/incoming", inboundParams({ From: `whatsapp:${phone}`, ProfileName: "Triage", Body: body }));
  expect(sent.status).toBe(200);
}

const contactCard = (page: Page) => page.getByRole("complementary", { name: "Contact" });

test("Mark handled and Reopen keep the focus on the button while it turns over", async ({ page, request }) => {
  const phone = freshNumber();
  await writesIn(request, phone, "Please call me back about the declaration");
  await signIn(page, ADMIN);
  await page.goto(`/inbox/${phone.slice(1)}`);
  const handling = page.getByTestId("handling");
  await expect(handling).toHaveText("Open");

  await page.getByRole("button", { name: "Mark handled" }).click();
  await expect(handling).toContainText("Handled by");
  const reopen = page.getByRole("button", { name: "Reopen" });
  await expect(reopen).toBeFocused();

  // From the keyboard, and back again.
  await page.keyboard.press("Enter");
  await expect(handling).toHaveText("Open");
  await expect(page.getByRole("button", { name: "Mark handled" })).toBeFocused();
});

test("Block number asks first, starting on Cancel; Escape and Cancel change nothing; after it Unblock has the focus", async ({ page, request }) => {
  const phone = freshNumber();
  await writesIn(request, phone, "Hello?");
  await signIn(page, ADMIN);
  await page.goto(`/inbox/${phone.slice(1)}`);
  const block = page.getByRole("button", { name: "Block number" });
  const confirm = page.getByRole("group", { name: `Confirm blocking ${phone}` });
  const cancel = confirm.getByRole("button", { name: "Cancel" });

  await block.click();
  await expect(confirm).toContainText(`Block ${phone}? Their messages are still stored, but get no reply and run no command`);
  // The question is the group's description: a screen reader on Cancel hears it, not only the label.
  await expect(confirm).toHaveAccessibleDescription(new RegExp(`^Block \\${phone}\\? Their messages are still stored`));
  // Nobody registered this number: no employee to warn about.
  await expect(confirm).not.toContainText("employee");
  await expect(cancel).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(confirm).toHaveCount(0);
  await expect(block).toBeFocused();

  // Enter asks again, and a second Enter lands on Cancel, not on Block.
  await page.keyboard.press("Enter");
  await expect(cancel).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(confirm).toHaveCount(0);
  await expect(block).toBeFocused();
  await expect(contactCard(page)).toContainText(/Blocked\s*no/);

  try {
    await block.click();
    await confirm.getByRole("button", { name: "Block", exact: true }).click();
    const unblock = page.getByRole("button", { name: "Unblock number" });
    await expect(unblock).toBeFocused();
    await expect(contactCard(page)).toContainText(/Blocked\s*yes/);
    await expect(page.getByRole("status").filter({ hasText: "Blocked: their messages are stored without replies." })).toBeVisible();

    // Unblocking undoes no harm: one click, and focus stays on the button.
    await unblock.click();
    await expect(contactCard(page)).toContainText(/Blocked\s*no/);
    await expect(page.getByRole("button", { name: "Block number" })).toBeFocused();
  } finally {
    const left = page.getByRole("button", { name: "Unblock number" });
    if ((await left.count()) > 0) await left.click();
    await expect(contactCard(page)).toContainText(/Blocked\s*no/);
  }
});

test("blocking an active employee's number names them, says they approve, and what stops", async ({ page }) => {
  const phone = freshNumber("9193");
  const code = `QB${randomInt(100_000, 1_000_000)}`;
  const name = `Anita Rao ${code}`;
  await signIn(page, ADMIN);
  await page.goto("/people");
  const add = page.getByRole("form", { name: "Add a person" });
  await add.getByLabel("Name").fill(name);
  await add.getByLabel("Employee code").fill(code);
  await add.getByLabel("WhatsApp number").fill(phone);
  // A department of her own: the People spec counts the people without one.
  await add.getByLabel("Department").fill(`Block check ${code}`);
  await add.getByLabel("Approver").check();
  await add.getByRole("button", { name: "Add person" }).click();
  await expect(add.getByRole("status")).toHaveText(`Added ${name}.`);
  try {
    await page.goto(`/inbox/${phone.slice(1)}`);
    await page.getByRole("button", { name: "Block number" }).click();
    const confirm = page.getByRole("group", { name: `Confirm blocking ${phone}` });
    await expect(confirm).toContainText(`${name} (${code}) is an active employee and an approver: blocked, their STATUS/ACK/APPROVE get no answer and campaigns skip them.`);
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(contactCard(page)).toContainText(/Blocked\s*no/);
  } finally {
    // Other specs count campaign audiences: leave nobody new active.
    await searchPeople(page, name);
    await page.getByRole("link", { name }).click();
    const edit = page.getByRole("form", { name: "Edit person" });
    await edit.getByLabel("Active").uncheck();
    await edit.getByRole("button", { name: "Save person" }).click();
    await expect(edit.getByRole("status")).toHaveText("Saved.");
  }
});

test("a conversation URL with the number as people paste it opens the canonical URL; anything else is still a 404", async ({ page, request }) => {
  const phone = freshNumber();
  await writesIn(request, phone, "Pasted from a spreadsheet");
  const digits = phone.slice(1);
  const spaced = `${phone.slice(0, 3)} ${phone.slice(3, 8)} ${phone.slice(8)}`;
  await signIn(page, ADMIN);

  for (const path of [`/inbox/${spaced}`, `/inbox/${encodeURIComponent(spaced)}`, `/inbox/${phone.slice(0, 3)}-${phone.slice(3)}`]) {
    await page.goto(path);
    await expect(page, path).toHaveURL(new RegExp(`/inbox/${digits}$`));
    await expect(page.getByRole("list", { name: "Conversation" })).toContainText("Pasted from a spreadsheet");
  }

  for (const path of ["/inbox/not-a-number", `/inbox/${encodeURIComponent(`${spaced.slice(0, -1)}x`)}`, "/inbox/%2B%2B919800000004"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
  }
});

test("Back from a conversation opened with Enter puts focus on the row that was opened, and j carries on from there", async ({ page, request }) => {
  const prefix = `9191${randomInt(100_000, 1_000_000)}`;
  for (const n of ["01", "02", "03"]) await writesIn(request, `+${prefix}${n}`, `Triage row ${n}`);
  await signIn(page, ADMIN);
  await page.goto(`/inbox?number=${prefix}&direction=received`);
  const messages = page.getByRole("list", { name: "Messages" });
  const row = (n: string) => messages.getByRole("link").filter({ hasText: `Triage row ${n}` });
  await expect(messages.getByRole("link")).toHaveCount(3);
  await expect(async () => {
    await page.keyboard.press("j");
    await expect(row("03")).toBeFocused({ timeout: 500 });
  }).toPass();
  await page.keyboard.press("j");
  await expect(row("02")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/inbox/${prefix}02$`));
  await expect(page.getByRole("list", { name: "Conversation" })).toContainText("Triage row 02");

  await page.goBack();
  await expect(page).toHaveURL(/\/inbox\?number=/);
  await expect(row("02")).toBeFocused();
  await page.keyboard.press("j");
  await expect(row("01")).toBeFocused();

  // Only the way back lands there: the next visit to the list starts afresh.
  await page.goto("/settings");
  await page.goto(`/inbox?number=${prefix}&direction=received`);
  await expect(messages.getByRole("link")).toHaveCount(3);
  await expect(row("02")).not.toBeFocused();
});

test("← Inbox from a conversation goes back to the filtered list it was opened from, on the row opened; reached another way, to the whole inbox", async ({ page, request }) => {
  const prefix = `9192${randomInt(100_000, 1_000_000)}`;
  for (const n of ["01", "02"]) await writesIn(request, `+${prefix}${n}`, `Back link row ${n}`);
  await signIn(page, ADMIN);
  const listUrl = `/inbox?number=${prefix}&direction=received`;
  await page.goto(listUrl);
  const messages = page.getByRole("list", { name: "Messages" });
  await messages.getByRole("link").filter({ hasText: "Back link row 01" }).click();
  await expect(page).toHaveURL(new RegExp(`/inbox/${prefix}01$`));
  const back = page.getByRole("link", { name: "← Inbox" });
  await expect(back).toHaveAttribute("href", listUrl);
  await back.click();
  await expect(page).toHaveURL(listUrl);
  await expect(messages.getByRole("link").filter({ hasText: "Back link row 01" })).toBeFocused();

  // A fresh tab that never opened the list: the whole inbox.
  const other = await page.context().newPage();
  await other.goto(`/inbox/${prefix}02`);
  await expect(other.getByRole("link", { name: "← Inbox" })).toHaveAttribute("href", "/inbox");
  await other.close();
});
