import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { inboundParams } from "../tests/support/twilio-fixtures";
import { ADMIN } from "./credentials";
import { expectFieldRefused, signIn, utcDay } from "./helpers";
import { postSigned, storedAt } from "./twilio";

test("legal holds block erasure; erasure removes a number's messages; a purge is previewed first", async ({ page, request }) => {
  for (const [index, from] of ["whatsapp:+919400000001", "whatsapp:+919400000002"].entries()) {
    const sid = `SM${String(index).repeat(2)}${"c4".repeat(15)}`;
    expect((await postSigned(request, "/api/twilio/incoming", inboundParams({ MessageSid: sid, From: from, Body: "My holding statement is attached" }))).status).toBe(200);
  }
  const postedOn = utcDay(storedAt([`SM00${"c4".repeat(15)}`])[0]);
  await signIn(page, ADMIN);
  await page.goto("/settings#retention");

  const hold = page.getByRole("form", { name: "Place a legal hold" });
  await hold.getByLabel("Number").fill("+919400000001");
  await hold.getByLabel("Reason").fill("SEBI inquiry 2026/118");
  await hold.getByRole("button", { name: "Place hold" }).click();
  await expect(page.getByRole("list", { name: "Legal holds" })).toContainText("SEBI inquiry 2026/118");
  await expect(page.getByRole("list", { name: "Legal holds" }).getByRole("listitem").filter({ hasText: "SEBI inquiry 2026/118" })).toContainText(new RegExp(`Placed \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC by ${ADMIN.email}`));

  const erase = page.getByRole("form", { name: "Erase a number" });
  await erase.getByLabel("Number to erase").fill("+919400000001");
  await erase.getByLabel("Type it again").fill("+919400000001");
  await erase.getByRole("button", { name: "Erase everything of this number" }).click();
  await expect(erase.getByRole("alert")).toHaveText("A legal hold protects this number: SEBI inquiry 2026/118");

  await erase.getByLabel("Number to erase").fill("+919400000002");
  await erase.getByLabel("Type it again").fill("+919400000002");
  await erase.getByRole("button", { name: "Erase everything of this number" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Erased \d+ messages?, \d+ error-log entr(y|ies) and the contact record\.$/ })).toBeVisible();

  const purge = page.getByRole("form", { name: "Purge now" });
  await purge.getByRole("button", { name: "Check what a purge would delete" }).click();
  await expect(purge.getByRole("status")).toContainText("Would delete 0 messages (0 kept under legal hold)");
  await expect(purge.getByRole("button", { name: "Purge now" })).toBeVisible();

  await page.goto("/inbox/919400000002");
  await expect(page.getByRole("heading", { name: "No messages with this number yet" })).toBeVisible();
  await page.goto("/inbox/919400000001");
  await expect(page.getByRole("complementary", { name: "Contact" })).toContainText("SEBI inquiry 2026/118");

  await page.goto("/logs?audit=privacy.");
  const audit = page.getByRole("region", { name: "Audit trail" });
  await expect(audit).toContainText("privacy.erasure");
  await expect(audit).not.toContainText("919400000002");
  await expect(audit).not.toContainText("settings.");

  // The erasure is a recorded deletion: the chains still verify.
  const records = page.getByRole("region", { name: "Records" });
  await records.getByRole("button", { name: "Verify records" }).click();
  await expect(records.getByRole("status")).toContainText("audit_log: intact");
  await expect(records.getByRole("status")).toContainText("messages: intact");
  await expect(records.getByRole("status")).toContainText("recorded deletions bridged");

  // From the day the messages were stored to today: the same day, or the next if the test ran across midnight.
  const bundleForm = page.getByRole("form", { name: "Export for regulators" });
  await bundleForm.getByLabel("From").fill(postedOn);
  await bundleForm.getByLabel("To").fill(utcDay());
  const download = page.waitForEvent("download");
  await bundleForm.getByRole("button", { name: "Download signed bundle" }).click();
  const file = readFileSync(await (await download).path());
  const entries = unzipSync(new Uint8Array(file));
  const manifest = JSON.parse(strFromU8(entries["manifest.json"]!)) as { messages: { total: number }; chain: { intact: boolean } };
  expect(manifest.messages.total).toBeGreaterThan(0);
  expect(manifest.chain.intact).toBe(true);
  expect(strFromU8(entries["messages.csv"]!)).toContain("My holding statement is attached");
  expect(strFromU8(entries["messages.csv"]!)).not.toContain("+919400000002");

  // The check and the export are audited, and the trail can be narrowed to them.
  await page.getByRole("form", { name: "Filter the audit trail" }).getByLabel("Kind").selectOption({ label: "Record checks and exports" });
  await page.getByRole("form", { name: "Filter the audit trail" }).getByRole("button", { name: "Filter changes", exact: true }).click();
  await expect(page).toHaveURL(/audit=records\./);
  await expect(audit).toContainText("records.export");
  // The download is audited when it starts and again once its last byte is out, with the CSV's hash.
  // Newest first: this export's entry, above those of bundles other specs downloaded.
  await expect(audit.getByText("records.export_complete").first()).toBeVisible();
  await expect(audit).toContainText("records.verify");
  await expect(audit).not.toContainText("privacy.erasure");
});

test("a purge preview counted with other retention periods is dropped, and purging on it is refused", async ({ page, context }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings#retention");
  const retention = page.getByRole("form", { name: "Retention periods" });
  const purge = page.getByRole("form", { name: "Purge now" });
  const errorLogDays = retention.getByLabel("Keep error log (days)");
  const original = await errorLogDays.inputValue();

  await purge.getByRole("button", { name: "Check what a purge would delete" }).click();
  await expect(purge.getByRole("status")).toContainText("Would delete");
  await errorLogDays.fill(String(Number(original) + 1));
  await retention.getByRole("button", { name: "Save retention" }).click();
  await expect(retention.getByRole("status")).toHaveText("Retention saved.");
  await expect(purge.getByRole("status")).toHaveCount(0);
  await expect(purge.getByRole("button", { name: "Purge now" })).toHaveCount(0);

  // Saved from another tab, this page still shows its preview: the server has to refuse.
  await purge.getByRole("button", { name: "Check what a purge would delete" }).click();
  await expect(purge.getByRole("button", { name: "Purge now" })).toBeVisible();
  const other = await context.newPage();
  await other.goto("/settings#retention");
  const otherRetention = other.getByRole("form", { name: "Retention periods" });
  await otherRetention.getByLabel("Keep error log (days)").fill(original);
  await otherRetention.getByRole("button", { name: "Save retention" }).click();
  await expect(otherRetention.getByRole("status")).toHaveText("Retention saved.");
  await other.close();

  await purge.getByRole("button", { name: "Purge now" }).click();
  await expect(purge.getByRole("alert")).toHaveText("The retention periods changed since you checked. Check what a purge would delete again before purging.");
  await expect(purge.getByRole("button", { name: "Purge now" })).toHaveCount(0);
  await page.goto("/logs?audit=retention.");
  // The daily purge at start-up is the system's; none may be the admin's.
  const purges = page.getByRole("region", { name: "Audit trail" }).getByRole("listitem").filter({ hasText: "retention.purge" });
  await expect(purges.filter({ hasText: "system" })).not.toHaveCount(0);
  await expect(purges.filter({ hasText: ADMIN.email })).toHaveCount(0);
});

test("an erasure whose confirmation differs marks the confirmation, described by the reason and focused", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings");
  const erase = page.getByRole("form", { name: "Erase a number" });
  const number = erase.getByLabel("Number to erase");
  const again = erase.getByLabel("Type it again");
  await number.fill("+919400000003");
  await again.fill("+919400000004");
  await erase.getByRole("button", { name: "Erase everything of this number" }).click();
  await expectFieldRefused(again, erase.getByRole("alert"), "Type the number again to confirm.");
  await expect(number).not.toHaveAttribute("aria-invalid");

  // A number that is not one is the number input's fault, and the mark moves there.
  await number.fill("12345");
  await again.fill("12345");
  await erase.getByRole("button", { name: "Erase everything of this number" }).click();
  await expectFieldRefused(number, erase.getByRole("alert"), "“12345” is not a phone number in international format, e.g. +919812345678");
  await expect(again).not.toHaveAttribute("aria-invalid");

  // The same number typed with the spaces the hold form accepts is the same number.
  await number.fill("+919400000003");
  await again.fill("+91 94000 00003");
  await erase.getByRole("button", { name: "Erase everything of this number" }).click();
  await expect(erase.getByRole("status")).toHaveText("Erased 0 messages and 0 error-log entries.");

  // The refusals are in the error log by what was wrong, without the numbers a privacy request named.
  await page.goto("/logs?source=form.settings.erase");
  const errors = page.getByRole("region", { name: "Error log" });
  await expect(errors).toContainText("confirmation differs");
  await expect(errors).toContainText("not a number");
  await expect(errors).not.toContainText("9400000004");
  await expect(errors).not.toContainText("12345");
});

test("an erasure keeps a STOP and a block: the number stays opted out or blocked, without its profile", async ({ page, request }) => {
  const stopped = "+919400000005";
  const blocked = "+919400000006";
  await signIn(page, ADMIN);
  await page.goto("/settings");
  await page.getByLabel("Number to block").fill(blocked);
  await page.getByRole("button", { name: "Block", exact: true }).click();
  await page.getByRole("group", { name: `Confirm blocking ${blocked}` }).getByRole("button", { name: `Block ${blocked}` }).click();
  const blockList = page.getByRole("list", { name: "Blocked numbers" });
  await expect(blockList).toContainText(blocked);
  for (const [index, [from, body]] of ([[stopped, "STOP"], [blocked, "Please delete my data"]] as const).entries()) {
    const sid = `SM${String(index + 5).repeat(2)}${"e7".repeat(15)}`;
    expect((await postSigned(request, "/api/twilio/incoming", inboundParams({ MessageSid: sid, From: `whatsapp:${from}`, ProfileName: "Kiran", Body: body }))).status).toBe(200);
  }
  await page.reload();
  const blockedEntry = blockList.getByRole("listitem").filter({ hasText: blocked });
  await expect(blockedEntry).toContainText("Kiran");

  const erase = page.getByRole("form", { name: "Erase a number" });
  for (const [phone, kept] of [[stopped, "opt-out"], [blocked, "block"]] as const) {
    await erase.getByLabel("Number to erase").fill(phone);
    await erase.getByLabel("Type it again").fill(phone);
    await erase.getByRole("button", { name: "Erase everything of this number" }).click();
    await expect(erase.getByRole("status")).toHaveText(new RegExp(`^Erased \\d+ messages?, 0 error-log entries and the contact's details; kept the ${kept} so it is still honoured\\.$`));
  }
  // Still on the block list, but the profile name it showed is gone.
  await expect(blockedEntry).toBeVisible();
  await expect(blockedEntry).not.toContainText("Kiran");

  await page.goto("/inbox/919400000005");
  await expect(page.getByRole("heading", { name: "No messages with this number yet" })).toBeVisible();
  const contact = page.getByRole("complementary", { name: "Contact" });
  await expect(contact).toContainText("opted out: nothing is sent until they write START");
  await expect(contact).not.toContainText("Kiran");
  await expect(page.getByRole("region", { name: "Reply" }).getByRole("note")).toHaveText("This person opted out (sent STOP); they get nothing until they send START.");

  await page.goto("/logs?audit=privacy.");
  await expect(page.getByRole("region", { name: "Audit trail" })).toContainText("kept the opt-out so it is still honoured");

  // Later specs expect an empty block list.
  await page.goto("/settings");
  await page.getByRole("button", { name: `Unblock ${blocked}` }).click();
  await expect(page.getByRole("button", { name: `Unblock ${blocked}` })).toHaveCount(0);
});

test("releasing a legal hold asks first and for a reason, and the released hold stays listed with who, when and why", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings#retention");
  const hold = page.getByRole("form", { name: "Place a legal hold" });
  await hold.getByLabel("Number").fill("+91 94000 00009");
  await hold.getByLabel("Reason").fill("FIU request 77");
  await hold.getByRole("button", { name: "Place hold" }).click();
  const active = page.getByRole("list", { name: "Legal holds" }).getByRole("listitem").filter({ hasText: "FIU request 77" });
  await expect(active).toContainText("+919400000009");
  await expect(active).toContainText(`by ${ADMIN.email}`);

  // One click only asks; Escape withdraws the question and nothing is released.
  const release = active.getByRole("button", { name: "Release hold FIU request 77" });
  await release.click();
  const confirm = page.getByRole("form", { name: "Confirm releasing hold FIU request 77" });
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(confirm).toHaveCount(0);
  await expect(release).toBeFocused();
  await expect(active).toBeVisible();

  // No reason, no release: the browser asks for one before anything is sent.
  await release.click();
  await confirm.getByRole("button", { name: "Release hold", exact: true }).click();
  expect(await confirm.getByLabel("Reason for the release").evaluate((input: HTMLInputElement) => input.validity.valueMissing)).toBe(true);
  await expect(active).toBeVisible();

  await confirm.getByLabel("Reason for the release").fill("Request withdrawn by FIU");
  await confirm.getByRole("button", { name: "Release hold", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Hold \d+ \(FIU request 77\) released\.$/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Legal holds" })).toBeFocused();
  await expect(active).toHaveCount(0);
  const released = page.getByRole("list", { name: "Released holds" }).getByRole("listitem").filter({ hasText: "FIU request 77" });
  await expect(released).toContainText("+919400000009");
  await expect(released).toContainText(new RegExp(`Placed \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC by ${ADMIN.email} · released \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC by ${ADMIN.email}`));
  await expect(released).toContainText("Reason for release: Request withdrawn by FIU");

  // The audit entry reads on its own: which hold, what it covered, who placed it and when, and why it ended.
  await page.goto("/logs?audit=retention.");
  const entry = page.getByRole("region", { name: "Audit trail" }).getByRole("listitem").filter({ hasText: "retention.hold_release" }).first();
  await expect(entry).toContainText(/Legal hold \d+ on \+919400000009 \(FIU request 77\)/);
  await expect(entry).toContainText("Days: every day");
  await expect(entry).toContainText("Reason: FIU request 77");
  await expect(entry).toContainText(`Placed by: ${ADMIN.email}`);
  await expect(entry).toContainText(/Placed at: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
  await expect(entry).toContainText(`Released by: ${ADMIN.email}`);
  await expect(entry).toContainText("Release reason: Request withdrawn by FIU");
});
