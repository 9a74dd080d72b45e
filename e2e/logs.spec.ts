import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { randomInt } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { wrap } from "../db/client";
import { insertAudit } from "../db/queries/audit";
import { insertEmployee } from "../db/queries/employees";
import { inboundParams } from "../tests/support/twilio-fixtures";
import { ADMIN } from "./credentials";
import { addUser, signIn, utcDay } from "./helpers";
import { postSigned } from "./twilio";

test("a records export from after to is refused in the form, and as a message on the page if it gets through", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/logs");
  const bundle = page.getByRole("form", { name: "Export for regulators" });
  await bundle.getByLabel("From").fill("2026-03-10");
  await expect(bundle.getByLabel("To")).toHaveAttribute("min", "2026-03-10");
  await bundle.getByLabel("To").fill("2026-03-01");
  await expect(bundle.getByLabel("From")).toHaveAttribute("max", "2026-03-01");
  expect(await bundle.getByLabel("To").evaluate((input: HTMLInputElement) => input.validity.rangeUnderflow)).toBe(true);

  // A bookmarked or hand-edited address: the browser comes back to the Logs page with the reason.
  await page.goto("/logs/records-export?from=2026-03-10&to=2026-03-01");
  await expect(page).toHaveURL(/\/logs\?exportProblem=range/);
  await expect(page.getByRole("form", { name: "Export for regulators" }).getByRole("alert")).toHaveText("Choose a From day and a To day, From not after To.");
  // A script still gets the status and a JSON reason.
  const scripted = await page.request.get("/logs/records-export?from=2026-03-10&to=2026-03-01", { maxRedirects: 0 });
  expect(scripted.status()).toBe(400);
});

test("the bundles' public key and its fingerprint are on the Logs page, the same key every bundle is signed with", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/logs");
  const summary = page.getByText("Signing key for bundles");
  await summary.focus();
  await page.keyboard.press("Enter");
  const pem = await page.getByLabel("Public key (PEM)").inputValue();
  expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----$/);
  // What `openssl pkey -pubin -outform DER | sha256sum` prints, read off the PEM's own base64.
  const der = Buffer.from(pem.split("\n").filter((line) => !line.startsWith("-----")).join(""), "base64");
  const fingerprint = createHash("sha256").update(der).digest("hex");
  await expect(page.getByLabel("Fingerprint (SHA-256)")).toHaveValue(fingerprint.match(/.{4}/g)!.join(" "));

  const bundleForm = page.getByRole("form", { name: "Export for regulators" });
  await bundleForm.getByLabel("From").fill(utcDay());
  await bundleForm.getByLabel("To").fill(utcDay());
  const download = page.waitForEvent("download");
  await bundleForm.getByRole("button", { name: "Download signed bundle" }).click();
  const manifest = JSON.parse(strFromU8(unzipSync(new Uint8Array(readFileSync(await (await download).path())))["manifest.json"]!)) as { signature: { publicKey: string } };
  expect(manifest.signature.publicKey.trim()).toBe(pem);
});

test("filtering or paging the error log keeps the audit filter, and filtering the audit trail keeps the error log's", async ({ page, request }) => {
  // Refused webhooks, then more than a page (50) of entries of their source, so the error log has an
  // "Older entries" link. Written directly: the server logs at most 30 refusals of a kind a minute.
  for (let index = 0; index < 3; index++) {
    const params = inboundParams({ MessageSid: `SM${"f0".repeat(15)}${String(index).padStart(2, "0")}`, From: "whatsapp:+919800000001", Body: "forged" });
    expect((await postSigned(request, "/api/twilio/incoming", params, { forge: true })).status).toBe(403);
  }
  const db = new Database(process.env.E2E_DATABASE_PATH!, { timeout: 5000 });
  try {
    const insert = db.prepare("insert into error_log (at, source, reason, detail) values (?, 'webhook.incoming', 'invalid signature', 'e2e paging')");
    db.transaction(() => {
      for (let index = 0; index < 51; index++) insert.run(Date.now() - 60_000 - index);
    })();
  } finally {
    db.close();
  }
  await signIn(page, ADMIN);
  await page.goto("/logs?audit=settings.");
  const errorFilter = page.getByRole("form", { name: "Filter the error log" });
  await errorFilter.getByLabel("Source").selectOption("webhook.incoming");
  await errorFilter.getByRole("button", { name: "Filter errors", exact: true }).click();
  await expect(page).toHaveURL(/source=webhook\.incoming/);
  await expect(page).toHaveURL(/audit=settings\./);

  await page.getByRole("link", { name: "Older entries" }).click();
  await expect(page).toHaveURL(/before=\d+-\d+/);
  await expect(page).toHaveURL(/audit=settings\./);
  await expect(page).toHaveURL(/source=webhook\.incoming/);

  const auditFilter = page.getByRole("form", { name: "Filter the audit trail" });
  await auditFilter.getByLabel("Kind").selectOption({ label: "Sign-ins" });
  await auditFilter.getByRole("button", { name: "Filter changes", exact: true }).click();
  await expect(page).toHaveURL(/audit=auth\./);
  await expect(page).toHaveURL(/source=webhook\.incoming/);
  await expect(page).toHaveURL(/before=\d+-\d+/);

  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/logs\?audit=auth\.$/);
});

/**
 * Audit entries written straight into the server's database, each sealed into the hash chain as
 * the app seals its own (in one write transaction, so no entry of the server's slips in between).
 */
function seedAudit(entries: { at: number; actorUserId?: number | null; actorLabel: string; action: string; target: string | null; before?: unknown; after?: unknown }[]) {
  const sqlite = new Database(process.env.E2E_DATABASE_PATH!, { timeout: 5000 });
  try {
    const db = wrap(sqlite);
    sqlite
      .transaction(() => {
        for (const entry of entries) insertAudit(db, { at: new Date(entry.at), actorUserId: entry.actorUserId ?? null, actorLabel: entry.actorLabel, action: entry.action, target: entry.target, before: entry.before ?? null, after: entry.after ?? null, ip: null });
      })
      .immediate();
  } finally {
    sqlite.close();
  }
}

async function auditTargets(page: Page): Promise<string[]> {
  return page.getByRole("region", { name: "Audit trail" }).getByRole("listitem").filter({ hasText: "e2e paged entry" }).allInnerTexts();
}

test("the audit trail pages past its 200 newest entries, filters by actor and days, keeps every filter, and exports CSV", async ({ page }) => {
  // 230 decisions made on WhatsApp over two days long ago: 130 on the first, 100 on the second.
  const firstDay = Date.parse("2020-01-10T00:00:00Z");
  seedAudit(
    Array.from({ length: 230 }, (_, index) => ({
      at: firstDay + (index < 130 ? 0 : 86_400_000) + index * 60_000,
      actorLabel: "E2E Pager (+919800000777) via WhatsApp",
      action: "approvals.approve",
      target: `e2e paged entry ${String(index).padStart(3, "0")}`,
    })),
  );
  await signIn(page, ADMIN);
  const audit = page.getByRole("region", { name: "Audit trail" });
  const filters = page.getByRole("form", { name: "Filter the audit trail" });
  await page.goto("/logs?source=webhook.incoming");
  await filters.getByLabel("Kind").selectOption({ label: "Approvals" });
  await filters.getByLabel("Actor").selectOption({ label: "Employees via WhatsApp" });
  await filters.getByLabel("From", { exact: true }).fill("2020-01-10");
  await filters.getByLabel("To", { exact: true }).fill("2020-01-11");
  await filters.getByRole("button", { name: "Filter changes", exact: true }).click();
  await expect(page).toHaveURL(/audit=approvals\./);
  await expect(page).toHaveURL(/actor=whatsapp/);
  await expect(page).toHaveURL(/auditFrom=2020-01-10&auditTo=2020-01-11/);
  await expect(page).toHaveURL(/source=webhook\.incoming/);

  // Newest first, 50 a page, every entry once: the old page stopped at 200 and never reached these.
  const seen: string[] = [];
  const pages = audit.getByRole("navigation", { name: "Audit trail pages" });
  for (let index = 0; index < 5; index++) {
    // Waits for the page to change: the URL alone already held a cursor after the first click.
    await expect(audit.getByRole("listitem").first()).toContainText(`e2e paged entry ${String(229 - 50 * index).padStart(3, "0")}`);
    await expect(audit.getByRole("listitem")).toHaveCount(index < 4 ? 50 : 30);
    seen.push(...(await auditTargets(page)));
    if (index === 4) break;
    await pages.getByRole("link", { name: "Older →" }).click();
    await expect(page).toHaveURL(/auditBefore=\d+-\d+/);
    for (const kept of [/audit=approvals\./, /actor=whatsapp/, /auditFrom=2020-01-10/, /auditTo=2020-01-11/, /source=webhook\.incoming/]) await expect(page).toHaveURL(kept);
  }
  await expect(pages.getByRole("link", { name: "Older →" })).toHaveCount(0);
  const numbers = seen.map((text) => Number(/e2e paged entry (\d+)/.exec(text)![1]));
  expect(numbers).toEqual(Array.from({ length: 230 }, (_, index) => 229 - index));

  await pages.getByRole("link", { name: "← Newer" }).click();
  await expect(page).toHaveURL(/auditAfter=\d+-\d+/);
  await expect(audit.getByRole("listitem").first()).toContainText("e2e paged entry 079");
  await expect(audit.getByRole("listitem").last()).toContainText("e2e paged entry 030");

  // One day only: the second day's 100.
  await filters.getByLabel("From", { exact: true }).fill("2020-01-11");
  await filters.getByRole("button", { name: "Filter changes", exact: true }).click();
  await expect(page).not.toHaveURL(/auditAfter|auditBefore/);
  await expect(audit.getByRole("listitem").first()).toContainText("e2e paged entry 229");
  await pages.getByRole("link", { name: "Older →" }).click();
  await expect(audit.getByRole("listitem").last()).toContainText("e2e paged entry 130");
  await expect(audit.getByRole("listitem")).toHaveCount(50);
  await expect(pages.getByRole("link", { name: "Older →" })).toHaveCount(0);

  // The export is the filter's whole result (not the page), as a spreadsheet-safe UTF-8 CSV, and is audited.
  await filters.getByLabel("From", { exact: true }).fill("2020-01-10");
  await filters.getByRole("button", { name: "Filter changes", exact: true }).click();
  const download = page.waitForEvent("download");
  await filters.getByRole("link", { name: "Export CSV" }).click();
  const bytes = readFileSync(await (await download).path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = new TextDecoder().decode(bytes).split("\r\n").filter(Boolean);
  expect(lines[0]).toBe("id,time_utc,actor,actor_user_id,action,target,before,after,ip,prev_hash,hash");
  expect(lines).toHaveLength(231);
  expect(lines[1]).toContain("e2e paged entry 229");
  expect(lines[230]).toContain("e2e paged entry 000");
  await page.goto("/logs?audit=records.");
  await expect(audit.getByRole("listitem").filter({ hasText: "records.audit_export" }).first()).toContainText("Actor: Employees via WhatsApp");

  // Who did it: the admin's own entries only.
  await filters.getByLabel("Actor").selectOption({ label: ADMIN.email });
  await filters.getByRole("button", { name: "Filter changes", exact: true }).click();
  await expect(page).toHaveURL(/actor=\d+/);
  await expect(audit.getByRole("listitem").first()).toBeVisible();
  const actors = await audit.getByRole("listitem").allInnerTexts();
  expect(actors.every((text) => text.includes(ADMIN.email))).toBe(true);
});

test("a cursor or filter the audit trail cannot read starts it at its first page instead of failing", async ({ page }) => {
  await signIn(page, ADMIN);
  for (const query of ["auditBefore=abc", "auditBefore=99999999999999999999-1", "auditAfter=1-2-3", "auditBefore=1e400-1&actor=DROP%20TABLE", "auditFrom=2026-02-31&auditTo=x&audit=nope."]) {
    const response = await page.goto(`/logs?${query}`);
    expect(response?.status(), query).toBe(200);
    await expect(page.getByRole("heading", { name: "Audit trail" }), query).toBeVisible();
    await expect(page.getByRole("region", { name: "Audit trail" }).getByRole("listitem").first(), query).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Audit trail pages" }).getByRole("link", { name: "← Newer" }), query).toHaveCount(0);
  }
});

test("on a 375-pixel-wide phone a long SHA-256 in the audit trail wraps instead of widening the Logs page", async ({ page }) => {
  const sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  seedAudit([
    { at: Date.now(), actorLabel: ADMIN.email, action: "records.export", target: "2026-01-01 – 2026-01-31", after: { messages: 12, csvSha256: sha256 } },
    { at: Date.now(), actorLabel: "system", action: "records.verify", target: `sha256:${sha256}${sha256}` },
  ]);
  await signIn(page, ADMIN);
  await page.setViewportSize({ width: 375, height: 800 });
  for (const path of ["/logs", "/logs?audit=records."]) {
    await page.goto(path);
    await expect(page.getByRole("region", { name: "Audit trail" })).toContainText(sha256);
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
    expect(scrollWidth, path).toBeLessThanOrEqual(innerWidth);
  }
});

test("each audit entry names who or what it was about, and reads its details as words", async ({ page }) => {
  // Through the app: a number blocked in Settings is named by its entry, in Recent changes and on Logs.
  const phone = `+9191${randomInt(10_000_000, 100_000_000)}`;
  await signIn(page, ADMIN);
  await page.goto("/settings");
  await page.getByLabel("Number to block").fill(phone);
  await page.getByRole("button", { name: "Block", exact: true }).click();
  await page.getByRole("button", { name: `Block ${phone}` }).click();
  await expect(page.getByRole("list", { name: "Blocked numbers" })).toContainText(phone);
  await page.getByRole("button", { name: `Unblock ${phone}` }).click();
  await expect(page.getByRole("button", { name: `Unblock ${phone}` })).toHaveCount(0);
  await page.reload();
  const history = page.getByRole("region", { name: "Recent changes" }).getByRole("listitem");
  await expect(history.filter({ hasText: "contacts.block" }).filter({ hasText: phone }).first()).toContainText("Blocked: no → yes");
  await page.goto("/logs?audit=contacts.");
  const audit = page.getByRole("region", { name: "Audit trail" });
  await expect(audit.getByRole("listitem").filter({ hasText: "contacts.unblock" }).filter({ hasText: phone }).first()).toContainText("Blocked: yes → no");

  // Entries of other shapes, on a day of their own long ago; the approver is someone of their own department, inactive.
  const day = Date.parse("2019-03-14T08:00:00Z");
  const sqlite = new Database(process.env.E2E_DATABASE_PATH!, { timeout: 5000 });
  let approverId: number;
  try {
    const code = `E2E-AUD-${randomInt(1_000_000)}`;
    approverId = insertEmployee(wrap(sqlite), { employeeCode: code, name: "Audit Approver", phone: `+9192${randomInt(10_000_000, 100_000_000)}`, department: "E2E audit names", managerId: null, approver: true, active: false }, new Date()).id;
  } finally {
    sqlite.close();
  }
  const contentSid = `HX${"ab".repeat(16)}`;
  seedAudit([
    { at: day, actorLabel: ADMIN.email, action: "settings.webhook_token_regenerated", target: "webhookToken, webhookTokenRotatedAt", before: { webhookToken: "(set)", webhookTokenRotatedAt: 0 }, after: { webhookToken: "(set)", webhookTokenRotatedAt: 1795696250364 } },
    { at: day + 1000, actorLabel: ADMIN.email, action: "settings.template_add", target: "templates", before: { templates: [] }, after: { templates: [{ name: "Expiry", contentSid, variables: ["name"] }] } },
    { at: day + 2000, actorLabel: "system", action: "retention.purge", target: null, after: { messages: 5, heldMessages: 0, errorLog: 1, statusEvents: 2, messagesBefore: "2019-11-28T12:28:36.065Z" } },
    { at: day + 3000, actorLabel: ADMIN.email, action: "approvals.create", target: "approval 901 PRE-E2E-901", after: { reference: "PRE-E2E-901", title: "Buy 10 TCS", requester: "E2E", approverId } },
    { at: day + 4000, actorLabel: "Audit Approver (+919200000000) via WhatsApp", action: "approvals.approve", target: "approval 901 PRE-E2E-901", before: { status: "pending" }, after: { status: "approved", messageSid: `SM${"cd".repeat(16)}`, reason: null } },
    { at: day + 5000, actorLabel: ADMIN.email, action: "reminders.campaign_create", target: "E2E audit campaign", after: { audience: { kind: "department", department: "E2E audit names" }, recipients: 0, skippedOptedOut: 0 } },
  ]);
  await page.goto("/logs?auditFrom=2019-03-14&auditTo=2019-03-14");
  const row = (action: string) => audit.getByRole("listitem").filter({ hasText: action });
  await expect(row("settings.webhook_token_regenerated")).toContainText("Webhook token, Webhook token rotated at");
  await expect(row("settings.webhook_token_regenerated")).toContainText("Webhook token rotated at: never → 2026-11-26 12:30:50 UTC");
  await expect(row("settings.webhook_token_regenerated")).not.toContainText("1795696250364");
  // A whole list is summarised, its full value a click away.
  const templates = row("settings.template_add");
  await expect(templates).toContainText("Templates: none → 1 entry");
  await expect(templates.getByText(contentSid)).toBeHidden();
  await templates.getByText("1 entry").click();
  await expect(templates.getByText(contentSid)).toBeVisible();
  await expect(row("retention.purge")).toContainText("Records past their retention period");
  await expect(row("retention.purge")).toContainText("Messages before: 2019-11-28 12:28:36 UTC");
  await expect(row("approvals.create")).toContainText("Approval request 901 (PRE-E2E-901)");
  await expect(row("approvals.create")).toContainText(`Approver: Audit Approver (employee ${approverId})`);
  await expect(row("approvals.approve")).toContainText("Status: pending → approved");
  await expect(row("approvals.approve")).not.toContainText("null");
  await expect(row("reminders.campaign_create")).toContainText("Campaign “E2E audit campaign”");
  await expect(row("reminders.campaign_create")).toContainText("Audience: everyone active in E2E audit names");
});

test("the records tools have a section of their own, apart from the audit trail's filters", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/logs");
  const records = page.getByRole("region", { name: "Records" });
  await expect(records.getByRole("form", { name: "Export for regulators" })).toBeVisible();
  await expect(records.getByRole("button", { name: "Verify records" })).toBeVisible();
  await expect(records.getByText("Signing key for bundles")).toBeVisible();
  const audit = page.getByRole("region", { name: "Audit trail" });
  await expect(audit.getByRole("form", { name: "Export for regulators" })).toHaveCount(0);
  await expect(audit.getByLabel("From", { exact: true })).toHaveCount(1);
  await expect(audit.getByLabel("To", { exact: true })).toHaveCount(1);
});

test("on a 390-pixel-wide phone the error log's detail gets the row's width, and the page does not widen", async ({ page }) => {
  const source = `e2e.phone${randomInt(1_000_000)}`;
  // Words, as most details are: a table left them the width of the longest one.
  const detail = "Twilio answered 400 for the message to +919800000001: the number is not on WhatsApp, so nothing was sent";
  const db = new Database(process.env.E2E_DATABASE_PATH!, { timeout: 5000 });
  try {
    db.prepare("insert into error_log (at, source, reason, detail) values (?, ?, 'send failed', ?)").run(Date.now(), source, detail);
  } finally {
    db.close();
  }
  await signIn(page, ADMIN);
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto(`/logs?source=${source}`);
  const cell = page.locator("td", { hasText: detail });
  await expect(cell).toBeVisible();
  const box = (await cell.boundingBox())!;
  expect(box.width).toBeGreaterThan(300);
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
});

test("a refused form is logged under its form with the message shown, and staff reading the error log see no one's email", async ({ page, browser }) => {
  const tag = randomInt(1_000_000, 9_999_999);
  const refusedEmail = `refused-${tag}@example.com`;
  const staff = { email: `logs-reader-${tag}@example.com`, password: `reads-logs-${tag}` };
  await signIn(page, ADMIN);
  await page.goto("/users");
  const form = page.getByRole("region", { name: "Add a user" });
  await form.getByLabel("Email").fill(refusedEmail);
  await form.getByLabel("Initial password").fill("qwerty123");
  await form.getByRole("button", { name: "Add user" }).click();
  const shown = "This is one of the most common passwords: choose one that is harder to guess";
  await expect(form.getByRole("alert")).toHaveText(shown);
  await addUser(page, staff);

  const row = (p: Page) => p.getByRole("row").filter({ hasText: "form.users.add" }).filter({ hasText: shown }).first();
  await page.goto("/logs?source=form.users.add");
  await expect(row(page)).toContainText("input refused");
  await expect(row(page)).toContainText(refusedEmail);
  await expect(row(page)).not.toContainText("create:");
  await expect(row(page)).not.toContainText("qwerty123");

  const staffContext = await browser.newContext();
  const staffPage = await staffContext.newPage();
  await signIn(staffPage, staff);
  await staffPage.goto("/logs?source=form.users.add");
  await expect(row(staffPage)).toContainText("[email hidden]");
  await expect(staffPage.getByRole("table").first()).not.toContainText("@example.com");
  await staffContext.close();
});
