import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { inboundParams } from "../tests/support/twilio-fixtures";
import { ADMIN } from "./credentials";
import { signIn } from "./helpers";
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
