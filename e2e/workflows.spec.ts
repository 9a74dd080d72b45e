import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { ADMIN } from "./credentials";
import { addDays, addUser, daysBetween, expectFieldRefused, pickPerson, searchPeople, signIn, utcDay, utcDaysSince } from "./helpers";
import { phoneSays } from "./twilio";

const PEOPLE = [
  ["Lata Rao", "W1", "+919550000001", "Risk"],
  ["Omar Shaikh", "W2", "+919550000002", "Risk"],
  ["Dina Paul", "W3", "+919550000003", "Ops"],
  ["Yash Mehta", "W4", "+919550000004", "Ops"],
] as const;

// Later tests use the people, approvers, users and messages earlier ones created: a failure stops the rest instead of failing them for its reason.
test.describe.configure({ mode: "serial" });

test("import people from CSV, run a reminder campaign to completion, and count ACKs as they arrive", async ({ page, request }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings");
  const incoming = page.getByRole("switch", { name: "Enable incoming messages" });
  if ((await incoming.getAttribute("aria-checked")) === "false") await incoming.click();
  await expect(incoming).toHaveAttribute("aria-checked", "true");

  await page.getByRole("link", { name: "People" }).click();
  const importer = page.getByRole("form", { name: "Import from CSV" });
  const csv = ["name,employee_code,phone,department,manager_code,approver", ...PEOPLE.map(([name, code, phone, department]) => `${name},${code},${phone},${department},${code === "W1" ? "" : "W1"},${code === "W1" ? "yes" : "no"}`)].join("\n");
  await importer.getByLabel("CSV file").setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await importer.getByRole("button", { name: "Preview" }).click();
  await expect(importer.getByRole("region", { name: "Import preview" })).toContainText("4 valid, 0 with problems");
  await importer.getByRole("button", { name: "Import 4 rows" }).click();
  await expect(importer.getByRole("status")).toHaveText("Imported 4 people.");
  // The Import button went with the import: focus is on the section's heading, not lost to the page.
  await expect(page.getByRole("heading", { name: "Import from CSV" })).toBeFocused();
  for (const [name] of PEOPLE) {
    await searchPeople(page, name);
    await expect(page.getByRole("link", { name })).toBeVisible();
  }

  // Registered now: STATUS answers from their records.
  for (const [, , phone] of PEOPLE) {
    const answer = await phoneSays(request, phone, "STATUS");
    expect(answer.replies[0]?.body).toMatch(/^Hi .+, all your compliance requirements are up to date!$/);
  }

  await page.getByRole("link", { name: "Reminders" }).click();
  const form = page.getByRole("form", { name: "New reminder campaign" });
  await form.getByLabel("Campaign name").fill("Annual declaration");
  await form.getByLabel("Message").fill("Hi {name}, please file your annual declaration. Reply ACK to confirm.");
  await form.getByRole("button", { name: "Preview recipients" }).click();
  await expect(form.getByRole("status")).toHaveText("4 will receive it (4 in the audience).");
  await form.getByRole("button", { name: "Send campaign" }).click();
  await expect(page).toHaveURL(/\/reminders\/\d+$/);

  const count = (label: string) => page.locator(`[data-count="${label}"]`);
  // The page follows delivery until every message is read.
  await expect(count("Read")).toHaveText("4", { timeout: 20_000 });
  await expect(page.getByRole("progressbar", { name: "Messages sent" })).toHaveAttribute("aria-valuenow", "4");
  await expect(page.getByRole("region", { name: "Progress" }).getByText("All sent", { exact: true })).toBeVisible();

  for (const [, , phone] of PEOPLE.slice(0, 2)) {
    const answer = await phoneSays(request, phone, "ACK");
    expect(answer.replies[0]?.body).toMatch(/Your acknowledgement of “Annual declaration” is recorded\.$/);
  }
  // No reload: the page keeps following the campaign while acknowledgements are awaited.
  await expect(count("Acknowledged")).toHaveText("2", { timeout: 15_000 });
  await expect(page.getByRole("list", { name: "Not acknowledged" }).getByRole("listitem")).toHaveCount(2);
  // The campaign went out moments ago: another round waits for a confirmation.
  await page.getByRole("button", { name: "Remind again (2)" }).click();
  await page.getByRole("group", { name: "Confirm reminding again" }).getByRole("button", { name: "Remind again now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Reminded 2 people again." })).toBeVisible();

  // Analytics reports the same campaign's ACK rate: 2 of the 4 it went to.
  await page.goto("/analytics");
  const row = page.getByRole("region", { name: "Reminder acknowledgements" }).getByRole("row", { name: /Annual declaration/ });
  const cells = row.getByRole("cell");
  await expect(cells.nth(0)).toHaveText("4");
  await expect(cells.nth(2)).toHaveText("2");
  await expect(cells.nth(3)).toHaveText("50.0%");
});

test("an approval request is notified by WhatsApp and decided by the approver's reply", async ({ page, request }) => {
  await signIn(page, ADMIN);
  await page.getByRole("link", { name: "Approvals" }).click();
  const form = page.getByRole("form", { name: "New approval request" });
  await form.getByLabel("Document reference").fill("PRE-2026-041");
  await form.getByLabel("Title").fill("Pre-clearance: buy 500 INFY");
  await form.getByLabel("Requested by").fill("Omar Shaikh");
  // The page carries no list of everyone: the approver is found by what is typed.
  const html = await (await page.request.get("/approvals")).text();
  for (const [name, code] of PEOPLE) expect(html, name).not.toContain(`${name} (${code})`);
  expect(html).not.toContain("Yash Mehta");
  // By keyboard alone: two letters search, the arrows move, Escape closes, Enter picks.
  const approver = form.getByRole("combobox", { name: "Approver" });
  const matches = form.getByRole("listbox");
  await approver.fill("r");
  await expect(approver).toHaveAttribute("aria-expanded", "false");
  await approver.fill("zz-nobody");
  await expect(form.getByText("No active person matches “zz-nobody”.")).toBeAttached();
  await approver.fill("rao");
  await expect(matches.getByRole("option", { name: /^Lata Rao \(W1\) · Risk · approver$/ })).toBeVisible();
  await approver.press("Escape");
  await expect(matches).toBeHidden();
  await expect(approver).toBeFocused();
  await expect(form).toBeVisible();
  await approver.press("ArrowDown");
  await expect(matches).toBeVisible();
  await expect(approver).toHaveAttribute("aria-activedescendant", (await matches.getByRole("option").first().getAttribute("id"))!);
  await approver.press("Escape");
  await pickPerson(approver, "lata", "Lata Rao");
  await expect(approver).toHaveValue("Lata Rao (W1)");
  await expect(form.locator('input[name="approverId"]')).toHaveValue(/^[1-9]\d*$/);
  await expect(approver).toBeFocused();
  // Enter in the closed picker submits the form, as in any text field.
  await approver.press("Enter");
  const created = form.getByRole("status");
  await expect(created).toHaveText(/^Request \d+ created for Lata Rao\.$/);
  const id = Number(/Request (\d+)/.exec(await created.innerText())![1]);

  await page.getByRole("button", { name: `Notify approver for request ${id}` }).click();
  await expect(page.getByRole("status").filter({ hasText: "WhatsApp to Lata Rao queued." })).toBeVisible();

  // Someone else cannot decide it; the approver can, once.
  expect((await phoneSays(request, "+919550000003", `APPROVE ${id}`)).replies[0]?.body).toBe(`You are not the approver for request ${id}, so it was not changed.`);
  expect((await phoneSays(request, "+919550000001", `approve ${id}`)).replies[0]?.body).toBe(`Approved request ${id}: Pre-clearance: buy 500 INFY. Thank you, Lata Rao.`);
  await page.reload();
  const row = page.getByRole("list", { name: "Approval requests" }).getByRole("listitem").filter({ hasText: "PRE-2026-041" });
  await expect(row).toContainText("approved");
  await expect(row).toContainText("Approved by Lata Rao via WhatsApp");
  await expect(row).toContainText(/SM[0-9a-f]{32}/);

  await page.goto("/logs");
  await expect(page.getByRole("region", { name: "Audit trail" })).toContainText("approvals.approve");
});

test("records added and edited on a person's page are what STATUS answers", async ({ page, request }) => {
  // The server counts days left from its own today, which a run across midnight moves on by one:
  // the expectations are those of every day since the date was typed.
  const addedOn = utcDay();
  const expires = addDays(addedOn, 12);
  const certificates = page.getByRole("list", { name: "Certificates" });
  await signIn(page, ADMIN);
  await searchPeople(page, "Dina Paul");
  await page.getByRole("link", { name: "Dina Paul" }).click();

  const addCertificate = page.getByRole("form", { name: "Add a certificate" });
  await addCertificate.getByLabel("Certificate").fill("NISM Series VIII");
  await addCertificate.getByLabel("Expires").fill(expires);
  await addCertificate.getByRole("button", { name: "Add certificate" }).click();
  await expect(certificates).toContainText(/\d+ days left/);
  expect(utcDaysSince(addedOn).map((day) => `${daysBetween(day, expires)} days left`)).toContain(/\d+ days left/.exec(await certificates.innerText())?.[0]);

  const addDeclaration = page.getByRole("form", { name: "Add a declaration" });
  await addDeclaration.getByLabel("Declaration").fill("Investment declaration");
  await addDeclaration.getByLabel("Period").fill("FY27");
  await addDeclaration.getByLabel("Due").fill(addDays(addedOn, 5));
  await addDeclaration.getByRole("button", { name: "Add declaration" }).click();
  await expect(page.getByRole("list", { name: "Declarations" })).toContainText("pending");

  // Dina wrote in the previous test: let the 2-second auto-reply cooldown pass.
  await page.waitForTimeout(2100);
  const status = (await phoneSays(request, "+919550000003", "STATUS")).replies[0]?.body;
  expect(utcDaysSince(addedOn).map((day) => `Hi Dina Paul, your compliance status:\n• 1 pending declaration\n• NISM Series VIII expires in ${daysBetween(day, expires)} days\nReply PENDING for the details.`)).toContain(status);

  // Renewed: a new expiry date.
  const renewedOn = utcDay();
  const renewed = addDays(renewedOn, 730);
  await page.getByRole("button", { name: "Edit NISM Series VIII" }).click();
  await page.getByRole("form", { name: "Edit NISM Series VIII" }).getByLabel("Expires").fill(renewed);
  await page.getByRole("button", { name: "Save certificate" }).click();
  await expect(certificates).toContainText(/\b7\d\d days left/);
  expect(utcDaysSince(renewedOn).map((day) => `${daysBetween(day, renewed)} days left`)).toContain(/\d+ days left/.exec(await certificates.innerText())?.[0]);
  await page.getByRole("button", { name: "Mark submitted" }).click();
  await expect(page.getByRole("list", { name: "Declarations" })).toContainText("submitted");
  // The button goes with the pending status: focus moves to the section, which says what happened.
  await expect(page.getByRole("heading", { name: "Declarations" })).toBeFocused();
  await expect(page.getByRole("region", { name: "Declarations" }).getByRole("status").filter({ hasText: "Marked submitted." })).toBeVisible();
  await page.waitForTimeout(2100);

  expect((await phoneSays(request, "+919550000003", "status")).replies[0]?.body).toBe("Hi Dina Paul, all your compliance requirements are up to date!");
});

test("people are added and edited in the UI, with duplicates refused", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/people");
  const add = page.getByRole("form", { name: "Add a person" });
  await add.getByLabel("Name").fill("Zoya Khan");
  await add.getByLabel("Employee code").fill("W9");
  await add.getByLabel("WhatsApp number").fill("+91 95500 00009");
  await add.getByLabel("Department").fill("Audit");
  await pickPerson(add.getByRole("combobox", { name: "Manager" }), "W1", "Lata Rao");
  await add.getByRole("button", { name: "Add person" }).click();
  await expect(add.getByRole("status")).toHaveText("Added Zoya Khan.");
  await expect(add.getByRole("button", { name: "Add person" })).toBeFocused();
  // Added: the form is empty again for the next person.
  await expect(add.getByLabel("Name")).toHaveValue("");
  await expect(add.getByLabel("Department")).toHaveValue("");

  await add.getByLabel("Name").fill("Copy Cat");
  await add.getByLabel("Employee code").fill("W10");
  await add.getByLabel("WhatsApp number").fill("+919550000009");
  await add.getByRole("button", { name: "Add person" }).click();
  await expect(add.getByRole("alert")).toHaveText("+919550000009 already belongs to Zoya Khan");
  // Refused: everything typed is still there to correct.
  await expect(add.getByLabel("Name")).toHaveValue("Copy Cat");
  await expect(add.getByLabel("Employee code")).toHaveValue("W10");
  await expect(add.getByLabel("WhatsApp number")).toHaveValue("+919550000009");

  // An edit that is refused keeps the edit too, instead of silently showing the saved values again.
  await searchPeople(page, "Zoya Khan");
  await page.getByRole("link", { name: "Zoya Khan" }).click();
  const refused = page.getByRole("form", { name: "Edit person" });
  await refused.getByLabel("Employee code").fill("W1");
  await refused.getByRole("button", { name: "Save person" }).click();
  await expect(refused.getByRole("alert")).toContainText("W1");
  await expect(refused.getByLabel("Employee code")).toHaveValue("W1");
  await searchPeople(page, "Zoya Khan");

  await page.reload();
  await page.getByRole("link", { name: "Zoya Khan" }).click();
  const edit = page.getByRole("form", { name: "Edit person" });
  await expect(edit.getByLabel("WhatsApp number")).toHaveValue("+919550000009");
  await edit.getByLabel("Department").fill("Internal Audit");
  await edit.getByRole("button", { name: "Save person" }).click();
  await expect(edit.getByRole("status")).toHaveText("Saved.");
  await searchPeople(page, "Zoya Khan");
  await expect(page.getByRole("row", { name: /Zoya Khan/ })).toContainText("Internal Audit");
  await expect(page.getByRole("row", { name: /Zoya Khan/ })).toContainText("Lata Rao");
});

test("a CSV between 1 and 2 MB previews (past Next's default 1 MB action limit), and a larger file is refused with the reason", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/people");
  const importer = page.getByRole("form", { name: "Import from CSV" });
  // Long names and departments, within the person form's limits (120 and 80 characters).
  const rows = Array.from({ length: 9000 }, (_, i) => `Person ${i} ${"of the wealth advisory desk ".repeat(3).trim()},BULK${i},+9197${String(i).padStart(8, "0")},${"Wealth management and advisory ".repeat(2).trim()},,no`);
  const csv = ["name,employee_code,phone,department,manager_code,approver", ...rows].join("\n");
  expect(csv.length).toBeGreaterThan(1_200_000);
  await importer.getByLabel("CSV file").setInputFiles({ name: "bulk.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await importer.getByRole("button", { name: "Preview" }).click();
  await expect(importer.getByRole("region", { name: "Import preview" })).toContainText("9,000 valid, 0 with problems", { timeout: 20_000 });
  await expect(importer.getByRole("button", { name: "Import 9,000 rows" })).toBeVisible();
  // Still on Preview while it ran: aria-disabled, not disabled, so focus never fell to the page.
  await expect(importer.getByRole("button", { name: "Preview" })).toBeFocused();

  await importer.getByLabel("CSV file").setInputFiles({ name: "huge.csv", mimeType: "text/csv", buffer: Buffer.alloc(2_100_000, "a,b\n") });
  await expect(importer.getByRole("alert")).toHaveText("That file is too large (2 MB at most).");
  await expect(importer.getByRole("button", { name: "Preview" })).toBeDisabled();
});

test("staff notifying an approver outside the 24-hour window are told to ask an admin for the template", async ({ page, browser }) => {
  const staff = { email: "approvals-staff@example.com", password: "approvals-staff-1" };
  await signIn(page, ADMIN);
  await addUser(page, staff);
  const staffContext = await browser.newContext();
  const staffPage = await staffContext.newPage();
  await signIn(staffPage, staff);
  await staffPage.goto("/approvals");
  const form = staffPage.getByRole("form", { name: "New approval request" });
  await form.getByLabel("Document reference").fill("PRE-2026-052");
  await form.getByLabel("Title").fill("Pre-clearance: buy 100 HDFC");
  await form.getByLabel("Requested by").fill("Dina Paul");
  await pickPerson(form.getByRole("combobox", { name: "Approver" }), "Zoya", "Zoya Khan");
  await form.getByRole("button", { name: "Create request" }).click();
  const id = Number(/Request (\d+)/.exec(await form.getByRole("status").innerText())![1]);

  await staffPage.getByRole("button", { name: `Notify approver for request ${id}` }).click();
  const refusal = staffPage.getByRole("alert").filter({ hasText: "Outside the 24-hour window" });
  await expect(refusal).toContainText("Ask an admin to set the “Approval request template Content SID” in Settings → Reminders and approval notices.");
  await staffContext.close();
});

test("an approver who has not written in 24 hours is notified with the approval template, once one is set", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/approvals");
  const form = page.getByRole("form", { name: "New approval request" });
  await form.getByLabel("Document reference").fill("PRE-2026-077");
  await form.getByLabel("Title").fill("Pre-clearance: sell 200 TCS");
  await form.getByLabel("Requested by").fill("Omar Shaikh");
  await pickPerson(form.getByRole("combobox", { name: "Approver" }), "Zoya", "Zoya Khan");
  await form.getByRole("button", { name: "Create request" }).click();
  const id = Number(/Request (\d+)/.exec(await form.getByRole("status").innerText())![1]);
  await expect(form.getByRole("button", { name: "Create request" })).toBeFocused();

  // Zoya never wrote: free text is refused, and the refusal says what to do.
  await page.getByRole("button", { name: `Notify approver for request ${id}` }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Outside the 24-hour window" })).toContainText("Set the “Approval request template Content SID” in Settings → Reminders and approval notices.");

  // Where the refusal points: the section of that name holds the field.
  await page.goto("/settings");
  await page.getByRole("navigation", { name: "On this page" }).getByRole("link", { name: "Reminders and approval notices" }).click();
  const reminders = page.getByRole("region", { name: "Reminders and approval notices" }).getByRole("form", { name: "Reminder settings" });
  await reminders.getByLabel("Approval request template Content SID").fill(`HX${"c4".repeat(16)}`);
  await reminders.getByRole("button", { name: "Save reminder settings" }).click();
  await expect(reminders.getByRole("status")).toHaveText("Reminder settings saved.");

  await page.goto("/approvals");
  await page.getByRole("button", { name: `Notify approver for request ${id}` }).click();
  await expect(page.getByRole("status").filter({ hasText: "WhatsApp to Zoya Khan queued (approval template: outside their 24-hour window)." })).toBeVisible();
});

test("a campaign's recipient count goes away, and Send with it, once the audience changes", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/reminders");
  const form = page.getByRole("form", { name: "New reminder campaign" });
  const send = form.getByRole("button", { name: "Send campaign" });
  await form.getByLabel("Campaign name").fill("Quarterly attestation");
  await form.getByLabel("Message").fill("Hi {name}, please confirm your attestation. Reply ACK.");
  await form.getByRole("button", { name: "Preview recipients" }).click();
  await expect(form.getByRole("status")).toContainText("will receive it");
  await expect(send).toBeEnabled();

  await form.getByLabel("Recipients").selectOption("department");
  await expect(form.getByRole("status")).toHaveCount(0);
  await expect(send).toBeDisabled();
  await form.getByLabel("Department").selectOption("Risk");
  await form.getByRole("button", { name: "Preview recipients" }).click();
  await expect(form.getByRole("status")).toHaveText("2 will receive it (2 in the audience).");
  await form.getByLabel("Department").selectOption("Ops");
  await expect(form.getByRole("status")).toHaveCount(0);
  await expect(send).toBeDisabled();

  await form.getByLabel("Recipients").selectOption("expiring");
  await form.getByRole("button", { name: "Preview recipients" }).click();
  await expect(form.getByRole("status")).toContainText("will receive it");
  await form.getByLabel("Days").fill("90");
  await expect(form.getByRole("status")).toHaveCount(0);
  await expect(send).toBeDisabled();
});

test("an import preview goes away once the file or kind it read changes, and the chosen file stays until imported", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/people");
  const importer = page.getByRole("form", { name: "Import from CSV" });
  const file = importer.getByLabel("CSV file");
  const importButton = importer.getByRole("button", { name: /^Import \d+ rows$/ });
  const people = (rows: string[][]) => Buffer.from(["name,employee_code,phone,department", ...rows.map((row) => row.join(","))].join("\n"));
  const chosenFiles = () => file.evaluate((input: HTMLInputElement) => input.files?.length ?? 0);

  await file.setInputFiles({ name: "two.csv", mimeType: "text/csv", buffer: people([["Ira Sen", "PV1", "+919560000001", "Treasury"], ["Raj Iyer", "PV2", "+919560000002", "Treasury"]]) });
  await importer.getByRole("button", { name: "Preview" }).click();
  await expect(importButton).toHaveText("Import 2 rows");
  // The previewed file stays chosen: the field still shows what "Import" will send.
  expect(await chosenFiles()).toBe(1);

  await file.setInputFiles({ name: "three.csv", mimeType: "text/csv", buffer: people([["Ira Sen", "PV1", "+919560000001", "Treasury"], ["Raj Iyer", "PV2", "+919560000002", "Treasury"], ["Sia Das", "PV3", "+919560000003", "Tax"]]) });
  await expect(importer.getByRole("region", { name: "Import preview" })).toHaveCount(0);
  await expect(importButton).toHaveCount(0);
  await importer.getByRole("button", { name: "Preview" }).click();
  await expect(importButton).toHaveText("Import 3 rows");
  await importer.getByLabel("What to import").selectOption("certificates");
  await expect(importButton).toHaveCount(0);
  await importer.getByLabel("What to import").selectOption("people");
  await importer.getByRole("button", { name: "Preview" }).click();
  await importButton.click();
  await expect(importer.getByRole("status")).toHaveText("Imported 3 people.");
  expect(await chosenFiles()).toBe(0);
});

test("a CSV saved by Excel as Windows-1252 previews with its accents intact, and says how it was read", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/people");
  const importer = page.getByRole("form", { name: "Import from CSV" });
  // Latin-1 bytes are Windows-1252's for these letters: "José Müller" with é and ü as 0xE9 and 0xFC, not UTF-8.
  const buffer = Buffer.from("name;employee_code;phone;department\r\nJosé Müller;ENC1;+919560000091;Trésorerie\r\n", "latin1");
  await importer.getByLabel("CSV file").setInputFiles({ name: "excel.csv", mimeType: "text/csv", buffer });
  await importer.getByRole("button", { name: "Preview" }).click();
  const preview = importer.getByRole("region", { name: "Import preview" });
  await expect(preview).toContainText("1 valid, 0 with problems");
  await expect(preview).toContainText("José Müller · ENC1 · +919560000091 · Trésorerie");
  await expect(importer.getByRole("status")).toHaveText("Read as Windows-1252 (not UTF-8).");
});

test("a certificate a day from its expiry, either side, counts one day, not one days", async ({ page }) => {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  await signIn(page, ADMIN);
  await searchPeople(page, "Yash Mehta");
  await page.getByRole("link", { name: "Yash Mehta" }).click();
  const add = page.getByRole("form", { name: "Add a certificate" });
  const certificates = page.getByRole("list", { name: "Certificates" });
  await add.getByLabel("Certificate").fill("NISM Series XV");
  await add.getByLabel("Expires").fill(day(1));
  await add.getByRole("button", { name: "Add certificate" }).click();
  await expect(certificates.getByRole("listitem").filter({ hasText: "NISM Series XV" })).toContainText("(1 day left)");

  await add.getByLabel("Certificate").fill("NISM Series VA");
  await add.getByLabel("Expires").fill(day(-1));
  await add.getByRole("button", { name: "Add certificate" }).click();
  await expect(certificates.getByRole("listitem").filter({ hasText: "NISM Series VA" })).toContainText("(expired 1 day ago)");
});

test("a record's edit form takes focus, and Cancel or Escape closes it with focus back on Edit", async ({ page }) => {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  await signIn(page, ADMIN);
  await searchPeople(page, "Omar Shaikh");
  await page.getByRole("link", { name: "Omar Shaikh" }).click();
  const addCertificate = page.getByRole("form", { name: "Add a certificate" });
  await addCertificate.getByLabel("Certificate").fill("NISM Series X-A");
  await addCertificate.getByLabel("Expires").fill(day(400));
  await addCertificate.getByRole("button", { name: "Add certificate" }).click();
  const addDeclaration = page.getByRole("form", { name: "Add a declaration" });
  await addDeclaration.getByLabel("Declaration").fill("Annual holdings");
  await addDeclaration.getByLabel("Due").fill(day(20));
  await addDeclaration.getByRole("button", { name: "Add declaration" }).click();

  const editCertificate = page.getByRole("button", { name: "Edit NISM Series X-A" });
  await editCertificate.click();
  const certificateForm = page.getByRole("form", { name: "Edit NISM Series X-A" });
  await expect(certificateForm.getByLabel("Certificate")).toBeFocused();
  await certificateForm.getByLabel("Number").fill("not kept");
  await certificateForm.getByRole("button", { name: "Cancel" }).click();
  await expect(certificateForm).toHaveCount(0);
  await expect(editCertificate).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(certificateForm.getByLabel("Certificate")).toBeFocused();
  await expect(certificateForm.getByLabel("Number")).toHaveValue("");
  await page.keyboard.press("Escape");
  await expect(certificateForm).toHaveCount(0);
  await expect(editCertificate).toBeFocused();

  const editDeclaration = page.getByRole("button", { name: "Edit Annual holdings" });
  await editDeclaration.click();
  const declarationForm = page.getByRole("form", { name: "Edit Annual holdings" });
  await expect(declarationForm.getByLabel("Declaration")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(declarationForm).toHaveCount(0);
  await expect(editDeclaration).toBeFocused();
  await editDeclaration.click();
  await declarationForm.getByLabel("Period").fill("FY27");
  await declarationForm.getByRole("button", { name: "Save declaration" }).click();
  await expect(declarationForm).toHaveCount(0);
  await expect(editDeclaration).toBeFocused();
  await expect(page.getByRole("list", { name: "Declarations" })).toContainText("FY27");
});

test("a certificate expiring before it was issued is refused on its expiry date, when added and when edited", async ({ page }) => {
  await signIn(page, ADMIN);
  await searchPeople(page, "Lata Rao");
  await page.getByRole("link", { name: "Lata Rao" }).click();
  const add = page.getByRole("form", { name: "Add a certificate" });
  await add.getByLabel("Certificate").fill("NISM Series III-A");
  await add.getByLabel("Issued").fill("2026-01-01");
  await add.getByLabel("Expires").fill("2025-01-01");
  await add.getByRole("button", { name: "Add certificate" }).click();
  const reason = "The expiry date is before the issue date (1 Jan 2026)";
  await expectFieldRefused(add.getByLabel("Expires"), add.getByRole("alert"), reason);
  await expect(add.getByLabel("Certificate")).toHaveValue("NISM Series III-A");
  await expect(page.getByRole("listitem").filter({ hasText: "NISM Series III-A" })).toHaveCount(0);

  await add.getByLabel("Expires").fill("2029-01-01");
  await add.getByRole("button", { name: "Add certificate" }).click();
  await expect(add.getByRole("status")).toHaveText("Certificate added.");
  await page.getByRole("button", { name: "Edit NISM Series III-A" }).click();
  const edit = page.getByRole("form", { name: "Edit NISM Series III-A" });
  await edit.getByLabel("Expires").fill("2025-12-31");
  await edit.getByRole("button", { name: "Save certificate" }).click();
  await expectFieldRefused(edit.getByLabel("Expires"), edit.getByRole("alert"), reason);
  await page.reload();
  await expect(page.getByRole("list", { name: "Certificates" }).getByRole("listitem").filter({ hasText: "NISM Series III-A" })).toContainText("expires 1 Jan 2029");
});

test("a certificate and a declaration entered by mistake are deleted after a confirmation, with focus on their section", async ({ page }) => {
  await signIn(page, ADMIN);
  await searchPeople(page, "Lata Rao");
  await page.getByRole("link", { name: "Lata Rao" }).click();
  const addCertificate = page.getByRole("form", { name: "Add a certificate" });
  await addCertificate.getByLabel("Certificate").fill("Mistaken certificate");
  await addCertificate.getByLabel("Expires").fill("2030-03-01");
  await addCertificate.getByRole("button", { name: "Add certificate" }).click();
  const certificate = page.getByRole("list", { name: "Certificates" }).getByRole("listitem").filter({ hasText: "Mistaken certificate" });
  await expect(certificate).toHaveCount(1);

  // Cancel and Escape keep it, with focus back on Delete; the confirmation starts on Cancel.
  const remove = page.getByRole("button", { name: "Delete Mistaken certificate" });
  const confirmation = page.getByRole("group", { name: /^Delete Mistaken certificate\?/ });
  await remove.click();
  await expect(confirmation.getByRole("button", { name: "Cancel deleting Mistaken certificate" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(confirmation).toHaveCount(0);
  await expect(remove).toBeFocused();
  await page.keyboard.press("Enter");
  await confirmation.getByRole("button", { name: "Cancel deleting Mistaken certificate" }).click();
  await expect(certificate).toHaveCount(1);
  await expect(remove).toBeFocused();

  await remove.click();
  await confirmation.getByRole("button", { name: "Yes, delete Mistaken certificate" }).click();
  await expect(certificate).toHaveCount(0);
  const certificates = page.getByRole("region", { name: "Certificates" });
  await expect(certificates.getByRole("status").filter({ hasText: "Deleted" })).toHaveText("Deleted Mistaken certificate.");
  await expect(page.getByRole("heading", { name: "Certificates" })).toBeFocused();
  await page.reload();
  await expect(page.getByText("Mistaken certificate")).toHaveCount(0);

  const addDeclaration = page.getByRole("form", { name: "Add a declaration" });
  await addDeclaration.getByLabel("Declaration").fill("Mistaken declaration");
  await addDeclaration.getByLabel("Due").fill("2030-03-01");
  await addDeclaration.getByRole("button", { name: "Add declaration" }).click();
  const declaration = page.getByRole("list", { name: "Declarations" }).getByRole("listitem").filter({ hasText: "Mistaken declaration" });
  await expect(declaration).toHaveCount(1);
  await page.getByRole("button", { name: "Delete Mistaken declaration" }).click();
  await page.getByRole("group", { name: /^Delete Mistaken declaration\?/ }).getByRole("button", { name: "Yes, delete Mistaken declaration" }).click();
  await expect(declaration).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Declarations" })).toBeFocused();

  await page.goto("/logs");
  await expect(page.getByRole("region", { name: "Audit trail" })).toContainText("people.certificate_delete");
  await expect(page.getByRole("region", { name: "Audit trail" })).toContainText("people.declaration_delete");
});

test("a certificate renewed beside the expired one reads as renewed, and its holder leaves the expired-certificate audience", async ({ page }) => {
  const day = (offset: number) => addDays(utcDay(), offset);
  await signIn(page, ADMIN);
  await searchPeople(page, "Lata Rao");
  await page.getByRole("link", { name: "Lata Rao" }).click();
  const add = page.getByRole("form", { name: "Add a certificate" });
  const certificates = page.getByRole("list", { name: "Certificates" }).getByRole("listitem");
  await add.getByLabel("Certificate").fill("NISM Series V-A");
  await add.getByLabel("Expires").fill(day(-20));
  await add.getByRole("button", { name: "Add certificate" }).click();
  await expect(certificates.filter({ hasText: "NISM Series V-A" })).toContainText("expired 20 days ago");

  const previewExpired = async () => {
    await page.goto("/reminders");
    const form = page.getByRole("form", { name: "New reminder campaign" });
    await form.getByLabel("Campaign name").fill("Renew your certificate");
    await form.getByLabel("Message").fill("Hi {name}, your certificate has expired: please renew it.");
    await form.getByLabel("Recipients").selectOption({ label: "Certificate expired, not renewed" });
    await form.getByRole("button", { name: "Preview recipients" }).click();
    return form.getByRole("status");
  };
  // Lata, and Yash's NISM Series VA that expired yesterday.
  await expect(await previewExpired()).toContainText("(2 in the audience)");

  await searchPeople(page, "Lata Rao");
  await page.getByRole("link", { name: "Lata Rao" }).click();
  await add.getByLabel("Certificate").fill("NISM Series V-A");
  await add.getByLabel("Expires").fill(day(1095));
  await add.getByRole("button", { name: "Add certificate" }).click();
  await expect(add.getByRole("status")).toHaveText("Certificate added.");
  await expect(certificates.filter({ hasText: "renewed" })).toHaveCount(1);
  await expect(certificates.filter({ hasText: "renewed" })).toContainText("NISM Series V-A");
  await expect(certificates.filter({ hasText: "renewed" })).not.toContainText("days ago");
  await expect(await previewExpired()).toContainText("(1 in the audience)");
});

test("a campaign previewed for one department is sent to that department only, and its lists say so when empty", async ({ page, request }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings");
  const incoming = page.getByRole("switch", { name: "Enable incoming messages" });
  if ((await incoming.getAttribute("aria-checked")) === "false") await incoming.click();
  await expect(incoming).toHaveAttribute("aria-checked", "true");
  await page.goto("/people");
  const add = page.getByRole("form", { name: "Add a person" });
  // Two departments, so that a campaign for one of them must not reach the other.
  for (const [name, code, phone, department] of [["Eli Elsewhere", "E2", "+919550000072", "Elsewhere"], ["Esha Empty", "E1", "+919550000071", "Empty States"]] as const) {
    await add.getByLabel("Name").fill(name);
    await add.getByLabel("Employee code").fill(code);
    await add.getByLabel("WhatsApp number").fill(phone);
    await add.getByLabel("Department").fill(department);
    await add.getByRole("button", { name: "Add person" }).click();
    await expect(add.getByRole("status")).toHaveText(`Added ${name}.`);
  }
  // The ACK below must be the answer to this campaign's message, which the 24-hour window lets through as free text.
  await phoneSays(request, "+919550000071", "hello");

  await page.goto("/reminders");
  const form = page.getByRole("form", { name: "New reminder campaign" });
  await form.getByLabel("Campaign name").fill("Empty lists");
  await form.getByLabel("Message").fill("Hi {name}, reply ACK.");
  await form.getByLabel("Recipients").selectOption("department");
  await form.getByLabel("Department").selectOption("Empty States");
  await form.getByRole("button", { name: "Preview recipients" }).click();
  await expect(form.getByRole("status")).toHaveText("1 will receive it (1 in the audience).");
  await form.getByRole("button", { name: "Send campaign" }).click();
  await expect(page).toHaveURL(/\/reminders\/\d+$/);

  const acknowledged = page.getByRole("region", { name: "Acknowledged (0)" });
  await expect(acknowledged.getByRole("heading", { name: "No acknowledgements yet" })).toBeVisible();
  await expect(acknowledged).toContainText("as they reply ACK on WhatsApp");
  await expect(page.getByRole("list", { name: "Not acknowledged" }).getByRole("listitem")).toHaveText([/Esha Empty/]);

  await expect(page.locator('[data-count="Sent"]')).toHaveText("1", { timeout: 15_000 });
  const answer = await phoneSays(request, "+919550000071", "ACK");
  expect(answer.replies[0]?.body).toContain("“Empty lists” is recorded");
  await expect(page.locator('[data-count="Acknowledged"]')).toHaveText("1", { timeout: 15_000 });
  const waiting = page.getByRole("region", { name: "Not acknowledged yet (0)" });
  await expect(waiting.getByRole("heading", { name: "Everyone has acknowledged" })).toBeVisible({ timeout: 15_000 });
  await expect(waiting).toContainText("The 1 person who was sent it replied ACK.");
  await expect(page.getByRole("list", { name: "Acknowledged" }).getByRole("listitem")).toHaveText([/Esha Empty/]);
});

test("a campaign whose audience changed after its preview is refused with the new preview, and sent once that is confirmed", async ({ page, request }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings");
  const incoming = page.getByRole("switch", { name: "Enable incoming messages" });
  if ((await incoming.getAttribute("aria-checked")) === "false") await incoming.click();
  await expect(incoming).toHaveAttribute("aria-checked", "true");
  // Each has written first, so free text reaches them: someone added then changes who receives it.
  const addPerson = async (on: Page, name: string, code: string, phone: string) => {
    await on.goto("/people");
    const add = on.getByRole("form", { name: "Add a person" });
    await add.getByLabel("Name").fill(name);
    await add.getByLabel("Employee code").fill(code);
    await add.getByLabel("WhatsApp number").fill(phone);
    await add.getByLabel("Department").fill("Guarded");
    await add.getByRole("button", { name: "Add person" }).click();
    await expect(add.getByRole("status")).toHaveText(`Added ${name}.`);
    await phoneSays(request, phone, "hello");
  };
  await addPerson(page, "Gita Guard", "GD1", "+919550000091");

  await page.goto("/reminders");
  const form = page.getByRole("form", { name: "New reminder campaign" });
  await form.getByLabel("Campaign name").fill("Guarded notice");
  await form.getByLabel("Message").fill("Hi {name}, reply ACK.");
  await form.getByLabel("Recipients").selectOption("department");
  await form.getByLabel("Department").selectOption("Guarded");
  await form.getByRole("button", { name: "Preview recipients" }).click();
  await expect(form.getByRole("status")).toHaveText("1 will receive it (1 in the audience).");

  // Behind this page's back, another tab adds someone to the audience.
  const otherTab = await page.context().newPage();
  await addPerson(otherTab, "Gopal Guard", "GD2", "+919550000092");
  await otherTab.close();

  await form.getByRole("button", { name: "Send campaign" }).click();
  await expect(form.getByRole("alert")).toHaveText("The audience changed since your preview: 2 will now receive it (was 1). Check the new preview and send again.");
  await expect(form.getByRole("status")).toHaveText("2 will receive it (2 in the audience).");
  await expect(page).toHaveURL(/\/reminders$/);
  const campaignsNamed = (name: string) => {
    const db = new Database(process.env.E2E_DATABASE_PATH!, { readonly: true });
    try {
      return db.prepare("select count(*) from campaigns where name = ?").pluck().get(name);
    } finally {
      db.close();
    }
  };
  expect(campaignsNamed("Guarded notice")).toBe(0);

  // The new preview is the one confirmed: Send again goes to both.
  await form.getByRole("button", { name: "Send campaign" }).click();
  await expect(page).toHaveURL(/\/reminders\/\d+$/);
  const waiting = page.getByRole("list", { name: "Not acknowledged" });
  await expect(waiting.getByRole("listitem")).toHaveCount(2);
  for (const name of ["Gita Guard", "Gopal Guard"]) await expect(waiting).toContainText(name);
  expect(campaignsNamed("Guarded notice")).toBe(1);
});

test("a refused person names the field at fault: marked invalid, described by the reason, and focused", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/people");
  const add = page.getByRole("form", { name: "Add a person" });
  const code = add.getByLabel("Employee code");
  const phone = add.getByLabel("WhatsApp number");
  await add.getByLabel("Name").fill("Fay Field");
  await code.fill("F1");
  await phone.fill("+919550000081");
  await add.getByRole("button", { name: "Add person" }).click();
  await expect(add.getByRole("status")).toHaveText("Added Fay Field.");

  await add.getByLabel("Name").fill("Gil Field");
  await code.fill("f1");
  await phone.fill("+919550000082");
  await add.getByRole("button", { name: "Add person" }).click();
  await expect(add.getByRole("alert")).toHaveText("Employee code f1 already belongs to Fay Field");
  await expect(code).toHaveAttribute("aria-invalid", "true");
  await expect(code).toHaveAccessibleDescription("Employee code f1 already belongs to Fay Field");
  await expect(code).toBeFocused();
  await expect(phone).not.toHaveAttribute("aria-invalid");

  // The next refusal moves the mark to its own field.
  await code.fill("F2");
  await phone.fill("12");
  await add.getByRole("button", { name: "Add person" }).click();
  await expect(add.getByRole("alert")).not.toHaveText(/Employee code/);
  const reason = (await add.getByRole("alert").textContent()) ?? "";
  await expect(phone).toHaveAttribute("aria-invalid", "true");
  await expect(phone).toHaveAccessibleDescription(reason);
  await expect(phone).toBeFocused();
  await expect(code).not.toHaveAttribute("aria-invalid");

  await phone.fill("+919550000082");
  await add.getByRole("button", { name: "Add person" }).click();
  await expect(add.getByRole("status")).toHaveText("Added Gil Field.");
  await expect(phone).not.toHaveAttribute("aria-invalid");
  await expect(phone).not.toHaveAttribute("aria-describedby");
});

test.describe("approvals that cannot be decided as they are", () => {
  const KIRAN = { name: "Kiran Desai", code: "AQ1", phone: "+919580000001" };
  const NISHA = { name: "Nisha Gill", code: "AQ2", phone: "+919580000002" };
  const requests = (page: Page) => page.getByRole("list", { name: "Approval requests" }).getByRole("listitem");
  const notices = (phone: string) => {
    const db = new Database(process.env.E2E_DATABASE_PATH!, { readonly: true });
    try {
      return db.prepare("select count(*) from messages where direction = 'outbound' and to_address = ? and sent_by_user_id is not null").pluck().get(`whatsapp:${phone}`);
    } finally {
      db.close();
    }
  };
  const createRequest = async (page: Page, reference: string, approver: string) => {
    await page.goto("/approvals");
    const form = page.getByRole("form", { name: "New approval request" });
    await form.getByLabel("Document reference").fill(reference);
    await form.getByLabel("Title").fill("Pre-clearance: buy 40 WIPRO");
    await form.getByLabel("Requested by").fill("Omar Shaikh");
    await pickPerson(form.getByRole("combobox", { name: "Approver" }), approver, approver);
    await form.getByRole("button", { name: "Create request" }).click();
    return Number(/Request (\d+)/.exec(await form.getByRole("status").innerText())![1]);
  };

  test("a request whose approver was deactivated is refused a notice, reassigned, notified with a confirmation before a repeat, and withdrawn", async ({ page, request }) => {
    await signIn(page, ADMIN);
    await page.goto("/people");
    const importer = page.getByRole("form", { name: "Import from CSV" });
    // Their own department, so later audiences by department do not change.
    const csv = ["name,employee_code,phone,department,manager_code,approver", ...[KIRAN, NISHA].map((p) => `${p.name},${p.code},${p.phone},Approvals QA,,yes`)].join("\n");
    await importer.getByLabel("CSV file").setInputFiles({ name: "approvers.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await importer.getByRole("button", { name: "Preview" }).click();
    await importer.getByRole("button", { name: "Import 2 rows" }).click();
    await expect(importer.getByRole("status")).toHaveText("Imported 2 people.");
    // Each writes first, so a free-text notice is inside their 24-hour window.
    for (const person of [KIRAN, NISHA]) await phoneSays(request, person.phone, "hello");

    const id = await createRequest(page, "PRE-2026-090", KIRAN.name);
    const row = requests(page).filter({ hasText: "PRE-2026-090" });
    const notify = page.getByRole("button", { name: `Notify approver for request ${id}` });
    await notify.click();
    await expect(page.getByRole("status").filter({ hasText: `WhatsApp to ${KIRAN.name} queued.` })).toBeVisible();
    await expect(row).toContainText(/Notified (just now|\d+ seconds ago) by Administrator/);
    expect(notices(KIRAN.phone)).toBe(1);

    // A second click within the hour asks first, starting on Cancel; Escape sends nothing.
    await notify.click();
    const again = page.getByRole("group", { name: new RegExp(`^${KIRAN.name} was notified (just now|\\d+ seconds ago) by Administrator\\. Send another WhatsApp\\?$`) });
    await expect(again.getByRole("button", { name: `Cancel notifying again for request ${id}` })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(again).toHaveCount(0);
    await expect(notify).toBeFocused();
    expect(notices(KIRAN.phone)).toBe(1);
    await notify.click();
    await again.getByRole("button", { name: `Notify again for request ${id}` }).click();
    await expect(page.getByRole("status").filter({ hasText: `WhatsApp to ${KIRAN.name} queued.` })).toBeVisible();
    expect(notices(KIRAN.phone)).toBe(2);

    // Two tabs confirm the same question: one WhatsApp, and the later one is told who sent it, back on Cancel.
    const other = await page.context().newPage();
    await other.goto("/approvals");
    const question = (tab: Page) => tab.getByRole("group", { name: /Send another WhatsApp\?$/ });
    await notify.click();
    await expect(question(page)).toBeVisible();
    await other.getByRole("button", { name: `Notify approver for request ${id}` }).click();
    await question(other).getByRole("button", { name: `Notify again for request ${id}` }).click();
    await expect(other.getByRole("status").filter({ hasText: `WhatsApp to ${KIRAN.name} queued.` })).toBeVisible();
    await other.close();
    await question(page).getByRole("button", { name: `Notify again for request ${id}` }).click();
    const told = page.getByRole("group", {
      name: new RegExp(`^Administrator notified ${KIRAN.name} (just now|\\d+ seconds ago), after you were asked; nothing was sent\\. Send another WhatsApp\\?$`),
    });
    await expect(told.getByRole("button", { name: `Cancel notifying again for request ${id}` })).toBeFocused();
    expect(notices(KIRAN.phone)).toBe(3);
    await page.keyboard.press("Escape");
    await expect(notify).toBeFocused();

    // Kiran leaves: the request says so, and Notify refuses instead of messaging someone who cannot answer.
    await searchPeople(page, KIRAN.name);
    await page.getByRole("link", { name: KIRAN.name }).click();
    const edit = page.getByRole("form", { name: "Edit person" });
    await edit.getByLabel("Active").uncheck();
    await edit.getByRole("button", { name: "Save person" }).click();
    await expect(edit.getByRole("status")).toHaveText("Saved.");
    await page.goto("/approvals");
    await expect(row).toContainText(`approver ${KIRAN.name} (inactive)`);
    await notify.click();
    await expect(row.getByRole("alert")).toHaveText(`${KIRAN.name} is no longer active and cannot answer by WhatsApp. Reassign request ${id} to someone else, or withdraw it.`);
    expect(notices(KIRAN.phone)).toBe(3);

    // Reassigned to Nisha: her first notice needs no confirmation (the last one went to Kiran).
    await page.getByRole("button", { name: `Reassign request ${id}` }).click();
    const reassign = page.getByRole("form", { name: `Reassign request ${id}` });
    const newApprover = reassign.getByRole("combobox", { name: "New approver" });
    await expect(newApprover).toBeFocused();
    await newApprover.fill(KIRAN.name);
    await expect(reassign.getByText(`No active person matches “${KIRAN.name}”.`)).toBeAttached();
    await pickPerson(newApprover, "AQ", NISHA.name);
    // Typing again sets the choice aside; Escape closes the matches first, not the form.
    await newApprover.fill("Nish");
    await expect(reassign.getByRole("listbox")).toBeVisible();
    await newApprover.press("Escape");
    await expect(reassign).toBeVisible();
    await expect(reassign.getByRole("listbox")).toBeHidden();
    await reassign.getByRole("button", { name: "Clear new approver" }).click();
    await expect(newApprover).toHaveValue("");
    await expect(newApprover).toBeFocused();
    await pickPerson(newApprover, NISHA.code, NISHA.name);
    await expect(newApprover).toHaveValue(`${NISHA.name} (${NISHA.code})`);
    await reassign.getByRole("button", { name: "Reassign" }).click();
    await expect(page.getByRole("status").filter({ hasText: "reassigned" })).toHaveText(`Request ${id} reassigned to ${NISHA.name}.`);
    await expect(page.getByRole("heading", { name: "Requests" })).toBeFocused();
    await expect(row).toContainText(`approver ${NISHA.name} ·`);
    await expect(row).not.toContainText("Notified");
    await notify.click();
    await expect(page.getByRole("status").filter({ hasText: `WhatsApp to ${NISHA.name} queued.` })).toBeVisible();
    expect(notices(NISHA.phone)).toBe(1);

    // Withdrawn with a reason (punctuation alone is none); Nisha's APPROVE afterwards is told so.
    await page.getByRole("button", { name: `Withdraw request ${id}` }).click();
    const withdraw = page.getByRole("form", { name: `Withdraw request ${id}` });
    await withdraw.getByLabel("Reason for withdrawing").fill("...");
    await withdraw.getByRole("button", { name: "Withdraw request" }).click();
    await expectFieldRefused(withdraw.getByLabel("Reason for withdrawing"), withdraw.getByRole("alert"), "Say why the request is withdrawn");
    await withdraw.getByLabel("Reason for withdrawing").fill("Trade cancelled by the requester");
    await withdraw.getByRole("button", { name: "Withdraw request" }).click();
    await expect(page.getByRole("status").filter({ hasText: "withdrawn." })).toHaveText(`Request ${id} withdrawn.`);
    await expect(row).toContainText("withdrawn");
    await expect(row).toContainText("Withdrawn by Administrator");
    await expect(row).toContainText("“Trade cancelled by the requester”");
    await expect(row.getByRole("button")).toHaveCount(0);
    const withdrawnOn = utcDaysSince(utcDay()).map((day) => new Date(`${day}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }));
    const answer = (await phoneSays(request, NISHA.phone, `APPROVE ${id}`)).replies[0]?.body;
    expect(withdrawnOn.map((day) => `Request ${id} was withdrawn on ${day}, so there is nothing to decide.`)).toContain(answer);

    await page.goto("/logs");
    const audit = page.getByRole("region", { name: "Audit trail" });
    await expect(audit).toContainText("approvals.reassign");
    await expect(audit).toContainText("approvals.withdraw");
  });

  test("the Approvals page fits a 375px-wide phone with a decided request's MessageSid, at the default and a very large text size", async ({ page, request }) => {
    await signIn(page, ADMIN);
    const id = await createRequest(page, "PRE-2026-091", NISHA.name);
    expect((await phoneSays(request, NISHA.phone, `REJECT ${id} over the limit`)).replies[0]?.body).toMatch(/^Rejected request/);
    await page.setViewportSize({ width: 375, height: 800 });
    const row = requests(page).filter({ hasText: "PRE-2026-091" });
    const widths = () => page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));

    await page.goto("/approvals");
    await expect(row).toContainText(/SM[0-9a-f]{32}/);
    const atDefault = await widths();
    expect.soft(atDefault.page, "page width at the default text size").toBeLessThanOrEqual(atDefault.viewport);

    // Chrome's "Very large" font size (Settings → Appearance): with this machine's fonts, the size at
    // which a MessageSid alone is wider than a 375px phone's column, as it was on QA's at the default.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Page.setFontSizes", { fontSizes: { standard: 24, fixed: 20 } });
    await page.reload();
    await expect(row).toContainText(/SM[0-9a-f]{32}/);
    const atVeryLarge = await widths();
    expect(atVeryLarge.page, "page width at a very large text size").toBeLessThanOrEqual(atVeryLarge.viewport);
  });
});
