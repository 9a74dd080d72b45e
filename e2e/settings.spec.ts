import { randomInt } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { inboundParams } from "../tests/support/twilio-fixtures";
import { ADMIN } from "./credentials";
import { expectFieldRefused, searchPeople, signIn } from "./helpers";
import { postSigned } from "./twilio";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

/** Other specs share this server and may have left a switch either way: each test sets the state it starts from. */
async function setSwitch(page: Page, name: string, on: boolean) {
  const control = page.getByRole("switch", { name });
  if ((await control.getAttribute("aria-checked")) !== String(on)) await control.click();
  await expect(control).toHaveAttribute("aria-checked", String(on));
}

test("an admin enables incoming messages, copies exact webhook URLs, and the state survives a reload", async ({ page, baseURL }) => {
  await signIn(page, ADMIN);
  await page.getByRole("link", { name: "Settings" }).click();

  await setSwitch(page, "Enable incoming messages", false);
  const incoming = page.getByRole("switch", { name: "Enable incoming messages" });
  await expect(page.getByLabel("Webhook URL")).toHaveCount(0);

  await incoming.click();
  await expect(incoming).toHaveAttribute("aria-checked", "true");
  const webhook = page.getByLabel("Webhook URL");
  const status = page.getByLabel("Status Callback URL");
  const origin = new URL(baseURL!).origin;
  await expect(webhook).toHaveValue(`${origin}/api/twilio/incoming`);
  await expect(status).toHaveValue(`${origin}/api/twilio/status`);

  await page.getByRole("button", { name: "Copy Webhook URL" }).click();
  await expect(page.getByRole("button", { name: "Copied Webhook URL" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${origin}/api/twilio/incoming`);

  await page.getByRole("button", { name: "Copy Status Callback URL" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${origin}/api/twilio/status`);

  await page.reload();
  await expect(page.getByRole("switch", { name: "Enable incoming messages" })).toHaveAttribute("aria-checked", "true");
  await expect(page.getByLabel("Webhook URL")).toHaveValue(`${origin}/api/twilio/incoming`);

  const history = page.getByRole("region", { name: "Recent changes" });
  await expect(history).toContainText("settings.incoming_enabled");
  await expect(history).toContainText(ADMIN.email);
  await expect(history).toContainText("Incoming enabled: no → yes");
});

test("a secret URL token is added to both URLs and Regenerate rotates it after a warning", async ({ page, baseURL }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings");
  await setSwitch(page, "Enable incoming messages", true);
  await setSwitch(page, "Require a secret URL token", false);
  const origin = new URL(baseURL!).origin;
  const webhook = page.getByLabel("Webhook URL");
  await expect(webhook).toHaveValue(`${origin}/api/twilio/incoming`);

  await page.getByRole("switch", { name: "Require a secret URL token" }).click();
  await expect(webhook).toHaveValue(new RegExp(`^${origin}/api/twilio/incoming\\?token=[A-Za-z0-9_-]{20,}$`));
  const first = await webhook.inputValue();
  const token = new URL(first).searchParams.get("token");
  await expect(page.getByLabel("Status Callback URL")).toHaveValue(`${origin}/api/twilio/status?token=${token}`);

  // It asks first, starting on Cancel; Escape withdraws the question and changes nothing.
  const regenerate = page.getByRole("button", { name: "Regenerate", exact: true });
  const confirm = page.getByRole("group", { name: "Confirm token regeneration" });
  await regenerate.click();
  await expect(confirm).toContainText(
    "Regenerate the secret token? Twilio's calls to the old URLs fail until you paste the new Webhook URL and Status Callback URL into the Twilio console",
  );
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(confirm).toHaveCount(0);
  await expect(regenerate).toBeFocused();
  await expect(webhook).toHaveValue(first);

  await page.keyboard.press("Enter");
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await confirm.getByRole("button", { name: "Regenerate token" }).click();
  await expect(page.getByRole("status").filter({ hasText: "New token generated" })).toBeVisible();
  await expect(confirm).toHaveCount(0);
  await expect(regenerate).toBeFocused();
  await expect(webhook).not.toHaveValue(first);
  const second = await webhook.inputValue();
  expect(new URL(second).searchParams.get("token")).toMatch(/^[A-Za-z0-9_-]{20,}$/);

  await page.reload();
  await expect(page.getByLabel("Webhook URL")).toHaveValue(second);
  // The audit trail records the rotation without the secret itself.
  const history = page.getByRole("region", { name: "Recent changes" });
  await expect(history).toContainText("settings.webhook_token_regenerated");
  await expect(history).not.toContainText(token!);

  await page.getByRole("switch", { name: "Require a secret URL token" }).click();
  await expect(page.getByLabel("Webhook URL")).toHaveValue(`${origin}/api/twilio/incoming`);
});

test("a Copy button says Copied only while its URL is the one it copied", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.clock.install();
  await page.goto("/settings");
  await setSwitch(page, "Enable incoming messages", true);
  await setSwitch(page, "Require a secret URL token", false);
  // "Copied" also goes by itself after a few seconds: the page's timers stand still, so only a changed URL can take it away.
  await page.clock.pauseAt(Date.now() + 1000);
  const webhook = page.getByLabel("Webhook URL");
  const copy = page.getByRole("button", { name: "Copy Webhook URL" });
  const copied = page.getByRole("button", { name: "Copied Webhook URL" });
  try {
    await copy.click();
    await expect(copied).toBeVisible();
    await page.getByRole("switch", { name: "Require a secret URL token" }).click();
    await expect(webhook).toHaveValue(/\?token=/);
    await expect(copy).toBeVisible();
    await expect(copied).toHaveCount(0);

    await copy.click();
    await expect(copied).toBeVisible();
    const before = await webhook.inputValue();
    await page.getByRole("button", { name: "Regenerate", exact: true }).click();
    await page.getByRole("group", { name: "Confirm token regeneration" }).getByRole("button", { name: "Regenerate token" }).click();
    await expect(webhook).not.toHaveValue(before);
    await expect(copy).toBeVisible();
    await expect(copied).toHaveCount(0);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(before);
  } finally {
    await setSwitch(page, "Require a secret URL token", false);
  }
});

test("Save limits, Add rule and Block keep the focus on their button; a refused limit marks its own field; Unblock leaves it on what happened", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings");

  const dailyLimit = page.getByLabel("Daily limit per number");
  const saved = await dailyLimit.inputValue();
  const saveLimits = page.getByRole("button", { name: "Save limits" });
  await saveLimits.click();
  await expect(page.getByRole("status").filter({ hasText: "Limits saved." })).toBeVisible();
  await expect(saveLimits).toBeFocused();
  await dailyLimit.fill("100001");
  await saveLimits.click();
  await expectFieldRefused(dailyLimit, page.getByRole("alert").filter({ hasText: "daily limit" }), "The daily limit can be at most 100,000");
  await dailyLimit.fill(saved);
  await saveLimits.click();
  await expect(dailyLimit).not.toHaveAttribute("aria-invalid");
  await expect(page.getByRole("status").filter({ hasText: "Limits saved." })).toBeVisible();
  await expect(saveLimits).toBeFocused();

  const addRule = page.getByRole("form", { name: "Add a keyword rule" });
  const keyword = `QAFOCUS${randomInt(100_000, 1_000_000)}`;
  const ruleRow = page.getByRole("list", { name: "Keyword rules" }).getByRole("listitem").filter({ hasText: keyword });
  try {
    await addRule.getByLabel("Keyword").fill(keyword);
    await addRule.getByLabel("Reply").fill("Focus stays put.");
    // Off: other specs' HELP answers list the enabled rules.
    await addRule.getByLabel("Enabled").uncheck();
    const add = addRule.getByRole("button", { name: "Add rule" });
    await add.click();
    await expect(addRule.getByRole("status")).toHaveText(`Rule “${keyword}” added.`);
    await expect(add).toBeFocused();
  } finally {
    if ((await ruleRow.count()) > 0) {
      await ruleRow.getByRole("button", { name: `Delete rule ${keyword}` }).click();
      await ruleRow.getByRole("group", { name: `Confirm deleting rule ${keyword}` }).getByRole("button", { name: "Delete rule" }).click();
    }
    await expect(ruleRow).toHaveCount(0);
  }

  const phone = `+9190${randomInt(10_000_000, 100_000_000)}`;
  await page.getByLabel("Number to block").fill(phone);
  const block = page.getByRole("button", { name: "Block", exact: true });
  await block.click();
  // Asked first, as in a conversation, starting on Cancel; Escape withdraws the question.
  const question = page.getByRole("group", { name: `Confirm blocking ${phone}` });
  await expect(question).toContainText(`Block ${phone}? Their messages are still stored, but get no reply`);
  await expect(question.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(question).toHaveCount(0);
  await expect(block).toBeFocused();
  await expect(page.getByRole("list", { name: "Blocked numbers" }).getByText(phone)).toHaveCount(0);
  await block.click();
  await question.getByRole("button", { name: `Block ${phone}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `Blocked ${phone}.` })).toBeVisible();
  await expect(question).toHaveCount(0);
  await expect(block).toBeFocused();
  // Blocked again (a page opened before): said so, nothing asked or changed.
  await page.getByLabel("Number to block").fill(phone);
  await block.click();
  await expect(page.getByRole("status").filter({ hasText: "Already blocked." })).toBeVisible();
  await expect(question).toHaveCount(0);
  // Unblock's row leaves the list with the button: focus goes to the line that says what happened.
  const unblock = page.getByRole("button", { name: `Unblock ${phone}` });
  await unblock.click();
  await expect(unblock).toHaveCount(0);
  await expect(page.locator(":focus")).toContainText(`Unblocked ${phone}.`);
});

test("blocking an active employee's number from Settings names them first; their page then says it is blocked", async ({ page }) => {
  const name = "Blocked Qa-Person";
  const phone = `+9191${randomInt(10_000_000, 100_000_000)}`;
  await signIn(page, ADMIN);
  await page.goto("/people");
  const add = page.getByRole("form", { name: "Add a person" });
  await add.getByLabel("Name").fill(name);
  await add.getByLabel("Employee code").fill(`BQ${randomInt(100_000, 1_000_000)}`);
  await add.getByLabel("WhatsApp number").fill(phone);
  await add.getByLabel("Department").fill("Block QA Desk");
  await add.getByRole("button", { name: "Add person" }).click();
  await expect(add.getByRole("status")).toHaveText(`Added ${name}.`);
  const person = page.getByRole("link", { name, exact: true });
  try {
    await page.goto(`/people?q=${encodeURIComponent(name)}`);
    await person.click();
    await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
    const personUrl = page.url();
    await expect(page.getByRole("note", { name: "WhatsApp number" })).toHaveCount(0);

    await page.goto("/settings");
    await page.getByLabel("Number to block").fill(phone);
    await page.getByRole("button", { name: "Block", exact: true }).click();
    const question = page.getByRole("group", { name: `Confirm blocking ${phone}` });
    await expect(question).toContainText(`${name} (`);
    await expect(question).toContainText("is an active employee: blocked, their STATUS/ACK/APPROVE get no answer and campaigns skip them.");
    await question.getByRole("button", { name: `Block ${phone}` }).click();
    await expect(page.getByRole("status").filter({ hasText: `Blocked ${phone}.` })).toBeVisible();

    await page.goto(personUrl);
    const standing = page.getByRole("note", { name: "WhatsApp number" });
    await expect(standing).toContainText("Their number is blocked");
    await standing.getByRole("link", { name: "Open the conversation" }).click();
    await expect(page).toHaveURL(new RegExp(`/inbox/`));
    await expect(page.getByRole("button", { name: "Unblock number" })).toBeVisible();
  } finally {
    await page.goto("/settings");
    const unblock = page.getByRole("button", { name: `Unblock ${phone}` });
    if ((await unblock.count()) > 0) {
      await unblock.click();
      await expect(unblock).toHaveCount(0);
    }
    await page.goto(`/people?q=${encodeURIComponent(name)}`);
    if ((await person.count()) > 0) {
      await person.click();
      const edit = page.getByRole("form", { name: "Edit person" });
      await edit.getByLabel("Active").uncheck();
      await edit.getByRole("button", { name: "Save person" }).click();
      await expect(edit.getByRole("status")).toHaveText("Saved.");
    }
  }
});

test("expiry reminder lead times that are not numbers are refused on their field with how to write them", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings");
  const leadDays = page.getByLabel("Expiry reminders (days before)");
  const form = page.getByRole("form", { name: "Reminder settings" });
  await leadDays.fill("30;7");
  await form.getByRole("button", { name: "Save reminder settings" }).click();
  await expectFieldRefused(leadDays, form.getByRole("alert"), "“30;7” is not a number of days. Separate lead times with commas, e.g. 30, 7, 1");
  await leadDays.fill("30, 400");
  await form.getByRole("button", { name: "Save reminder settings" }).click();
  await expect(form.getByRole("alert")).toHaveText("Lead times are from 0 to 365 days (“400” is not)");
});

test("the settings page names simulator mode and never shows a Twilio auth token", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings");
  await expect(page.getByRole("region", { name: "Twilio connection" })).toContainText("Simulator mode");
});

test("a refused allow-list entry or number to block marks its own input, described by the reason and focused", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings");

  const allowList = page.getByLabel("Allowed addresses (one CIDR per line)");
  const saved = await allowList.inputValue();
  await allowList.fill("203.0.113.0/24\nexample.com");
  await page.getByRole("button", { name: "Save allow-list" }).click();
  const badEntry = page.getByRole("alert").filter({ hasText: "example.com" });
  await expectFieldRefused(allowList, badEntry, "“example.com” is not an IP address or CIDR range (e.g. 203.0.113.0/24 or 2001:db8::/32)");
  // Its hint still describes it too.
  await expect(allowList).toHaveAttribute("aria-describedby", /^ip-allow-list-hint /);

  // What was saved before, saved again, takes the mark and the message away.
  await allowList.fill(saved);
  await page.getByRole("button", { name: "Save allow-list" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Allow-list (cleared|saved)/ })).toBeVisible();
  await expect(allowList).not.toHaveAttribute("aria-invalid");
  await expect(allowList).toHaveAttribute("aria-describedby", "ip-allow-list-hint");

  const toBlock = page.getByLabel("Number to block");
  await toBlock.fill("98123 45678");
  await page.getByRole("button", { name: "Block", exact: true }).click();
  const badNumber = page.getByRole("alert").filter({ hasText: "98123 45678" });
  await expectFieldRefused(toBlock, badNumber, "“98123 45678” is not a phone number in international format, e.g. +919812345678");
  await expect(allowList).not.toHaveAttribute("aria-invalid");
});

test("an edited answer from records reaches a registered employee, and a placeholder it cannot use is refused", async ({ page, request }) => {
  const phone = "+919570000001";
  await signIn(page, ADMIN);
  await page.goto("/people");
  const add = page.getByRole("form", { name: "Add a person" });
  await add.getByLabel("Name").fill("Rhea Das");
  await add.getByLabel("Employee code").fill("AR1");
  await add.getByLabel("WhatsApp number").fill(phone);
  await add.getByRole("button", { name: "Add person" }).click();
  await expect(add.getByRole("status")).toHaveText("Added Rhea Das.");

  await page.goto("/settings");
  await setSwitch(page, "Enable incoming messages", true);
  const replies = page.getByRole("region", { name: "Auto-replies" });
  const records = replies.getByRole("group", { name: "Answers from compliance records" });
  const nothingPending = records.getByLabel("PENDING, nothing pending");
  const original = await nothingPending.inputValue();
  await expect(nothingPending).toHaveAccessibleDescription("Placeholders: {name} the employee's name.");

  await nothingPending.fill("Nothing to file, {nmae}.");
  await replies.getByRole("button", { name: "Save auto-replies" }).click();
  await expectFieldRefused(nothingPending, replies.getByRole("alert"), "“PENDING, nothing pending” cannot use {nmae}; it can use {name}.");

  try {
    await nothingPending.fill("Nothing to file, {name}. Well done!");
    await replies.getByRole("button", { name: "Save auto-replies" }).click();
    await expect(replies.getByRole("status")).toHaveText("Auto-replies saved.");
    // {name} is the name in People, not the WhatsApp profile name ("Asha") the message carries.
    const answer = await postSigned(request, "/api/twilio/incoming", inboundParams({ Body: "pending", From: `whatsapp:${phone}` }));
    expect(answer.status).toBe(200);
    expect(answer.text).toContain(">Nothing to file, Rhea Das. Well done!</Message>");
  } finally {
    // Other specs share this database: the default answer back, and Rhea out of every campaign audience.
    await nothingPending.fill(original);
    await replies.getByRole("button", { name: "Save auto-replies" }).click();
    await expect(replies.getByRole("status")).toHaveText("Auto-replies saved.");
    await searchPeople(page, "Rhea Das");
    await page.getByRole("link", { name: "Rhea Das" }).click();
    const edit = page.getByRole("form", { name: "Edit person" });
    await edit.getByLabel("Active").uncheck();
    await edit.getByRole("button", { name: "Save person" }).click();
    await expect(edit.getByRole("status")).toHaveText("Saved.");
  }
});

test("a keyword rule cannot take ACK; one replacing STATUS says so before and after saving; editing and deleting it keep the focus in place", async ({ page, request }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings");
  await setSwitch(page, "Enable incoming messages", true);
  const addRule = page.getByRole("form", { name: "Add a keyword rule" });
  const keyword = addRule.getByLabel("Keyword");
  const reserved = "ACK, APPROVE and REJECT are reserved: they record acknowledgements and approval decisions";

  // Said while typing, then refused on the keyword itself when saved all the same.
  await keyword.fill("ack");
  await expect(keyword).toHaveAccessibleDescription(`${reserved}; a rule for it cannot be saved.`);
  await addRule.getByLabel("Reply").fill("Thanks!");
  await addRule.getByRole("button", { name: "Add rule" }).click();
  await expectFieldRefused(keyword, addRule.getByRole("alert"), reserved);

  await keyword.fill("Status");
  const replaces = "Replaces the built-in STATUS answer (the sender's compliance status): messages this rule matches get its reply instead, from anyone, registered or not.";
  await expect(addRule.getByText(replaces)).toBeVisible();
  await addRule.getByLabel("Reply").fill("Your status is on the compliance portal.");
  await addRule.getByRole("button", { name: "Add rule" }).click();
  const list = page.getByRole("list", { name: "Keyword rules" });
  const row = list.getByRole("listitem").filter({ hasText: "Your status is on the compliance portal." });
  try {
    await expect(row).toContainText(replaces);
    // The form cleared, and its note with it.
    await expect(keyword).toHaveValue("");
    await expect(addRule.getByText(replaces)).toHaveCount(0);

    const answer = await postSigned(request, "/api/twilio/incoming", inboundParams({ Body: "status", From: "whatsapp:+919570000031" }));
    expect(answer.text).toContain(">Your status is on the compliance portal.</Message>");

    // Deleting asks first; Cancel keeps the rule and gives the focus back.
    const remove = row.getByRole("button", { name: "Delete rule STATUS" });
    await remove.click();
    const confirm = row.getByRole("group", { name: "Confirm deleting rule STATUS" });
    await expect(confirm).toContainText("Delete the rule for STATUS?");
    await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm).toHaveCount(0);
    await expect(remove).toBeFocused();
    await expect(row).toBeVisible();

    // Escape withdraws the question too, and focus goes back to Delete.
    await remove.click();
    await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(confirm).toHaveCount(0);
    await expect(remove).toBeFocused();

    // Edit puts focus in the form; Escape closes it and gives focus back to Edit.
    const section = page.getByRole("region", { name: "Keyword rules" });
    const heading = section.getByRole("heading", { name: "Keyword rules" });
    const editButton = row.getByRole("button", { name: "Edit rule STATUS" });
    await editButton.click();
    const editForm = section.getByRole("form", { name: "Edit rule STATUS" });
    await expect(editForm.getByLabel("Keyword")).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(editForm).toHaveCount(0);
    await expect(editButton).toBeFocused();

    // A save closes the form; focus goes to the section's heading and its status line says what happened.
    await editButton.click();
    await editForm.getByLabel("Priority").fill("7");
    await editForm.getByRole("button", { name: "Save rule" }).click();
    await expect(editForm).toHaveCount(0);
    await expect(row).toContainText("priority 7");
    await expect(heading).toBeFocused();
    await expect(section.getByRole("status").filter({ hasText: "Rule “STATUS” saved." })).toBeVisible();

    await remove.click();
    await confirm.getByRole("button", { name: "Delete rule" }).click();
    await expect(row).toHaveCount(0);
    await expect(heading).toBeFocused();
    await expect(section.getByRole("status").filter({ hasText: "Rule “STATUS” deleted." })).toBeVisible();
  } finally {
    // Other specs' HELP answers list the enabled rules: leave none behind, even after a failure.
    await page.goto("/settings#rules");
    const left = page.getByRole("list", { name: "Keyword rules" }).getByRole("listitem").filter({ hasText: "Your status is on the compliance portal." });
    if ((await left.count()) > 0) {
      await left.getByRole("button", { name: "Delete rule STATUS" }).click();
      await left.getByRole("group", { name: "Confirm deleting rule STATUS" }).getByRole("button", { name: "Delete rule" }).click();
    }
    await expect(left).toHaveCount(0);
  }
});

test("a keyword that a message's punctuation rule would cut is refused on the keyword, not saved cut", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings#rules");
  const addRule = page.getByRole("form", { name: "Add a keyword rule" });
  const keyword = addRule.getByLabel("Keyword");
  const reason = "End the keyword with a letter or number: a message's final punctuation is ignored, so “{NAME}” would be saved as “{NAME”";

  await keyword.fill("{name}");
  await expect(keyword).toHaveAccessibleDescription(`${reason}.`);
  await addRule.getByLabel("Reply").fill("Hello there.");
  await addRule.getByRole("button", { name: "Add rule" }).click();
  await expectFieldRefused(keyword, addRule.getByRole("alert"), reason);
  await expect(page.getByRole("list", { name: "Keyword rules" }).getByText("{NAME")).toHaveCount(0);
});
