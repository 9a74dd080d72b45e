import { expect, test, type Page } from "@playwright/test";
import { inboundParams } from "../tests/support/twilio-fixtures";
import { ADMIN } from "./credentials";
import { signIn } from "./helpers";
import { postSigned } from "./twilio";

async function openSettingsWithIncomingOn(page: Page) {
  await signIn(page, ADMIN);
  await page.goto("/settings");
  const incoming = page.getByRole("switch", { name: "Enable incoming messages" });
  if ((await incoming.getAttribute("aria-checked")) === "false") await incoming.click();
  await expect(incoming).toHaveAttribute("aria-checked", "true");
}

test("edited auto-replies and keyword rules answer real webhooks", async ({ page, request }) => {
  await openSettingsWithIncomingOn(page);

  const fallback = page.getByLabel("Anything else");
  await fallback.fill("Thanks {name}, we will reply within a working day.");
  await page.getByRole("button", { name: "Save auto-replies" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Auto-replies saved." })).toBeVisible();

  const addRule = page.getByRole("form", { name: "Add a keyword rule" });
  await addRule.getByLabel("Keyword").fill("office hours");
  await addRule.getByLabel("Reply").fill("We are open 9:00–17:30 IST, {name}.");
  await addRule.getByLabel("Priority").fill("5");
  await addRule.getByRole("button", { name: "Add rule" }).click();
  await expect(page.getByRole("list", { name: "Keyword rules" })).toContainText("OFFICE HOURS");
  await expect(addRule.getByLabel("Keyword")).toHaveValue("");
  await expect(addRule.getByLabel("Reply")).toHaveValue("");

  const rule = await postSigned(request, "/api/twilio/incoming", inboundParams({ Body: "Office hours?", From: "whatsapp:+919800000001" }));
  expect(rule.status).toBe(200);
  expect(rule.text).toContain("We are open 9:00–17:30 IST, Asha.</Message>");

  const other = await postSigned(request, "/api/twilio/incoming", inboundParams({ Body: "hello there team", From: "whatsapp:+919800000002" }));
  expect(other.text).toContain(">Hello Asha!");
  const fallbackReply = await postSigned(request, "/api/twilio/incoming", inboundParams({ Body: "where is my form", From: "whatsapp:+919800000003" }));
  expect(fallbackReply.text).toContain(">Thanks Asha, we will reply within a working day.</Message>");

  // STOP is reserved: a rule cannot take it over.
  await addRule.getByLabel("Keyword").fill("stop");
  await addRule.getByLabel("Reply").fill("nope");
  await addRule.getByRole("button", { name: "Add rule" }).click();
  await expect(addRule.getByRole("alert")).toHaveText("STOP and START are reserved for opting out and in");
  await expect(addRule.getByLabel("Keyword")).toHaveValue("stop");
  await expect(addRule.getByLabel("Reply")).toHaveValue("nope");

  await page.getByRole("button", { name: "Delete rule OFFICE HOURS" }).click();
  await page.getByRole("group", { name: "Confirm deleting rule OFFICE HOURS" }).getByRole("button", { name: "Delete rule" }).click();
  await expect(page.getByText("No keyword rules yet.")).toBeVisible();
});

test("a blocked number is stored but gets no reply, and limits are validated", async ({ page, request }) => {
  await openSettingsWithIncomingOn(page);
  await page.getByLabel("Number to block").fill("+91 98000 00009");
  await page.getByRole("button", { name: "Block", exact: true }).click();
  await page.getByRole("group", { name: "Confirm blocking +919800000009" }).getByRole("button", { name: "Block +919800000009" }).click();
  const blocked = page.getByRole("list", { name: "Blocked numbers" });
  await expect(blocked).toContainText("+919800000009");

  const response = await postSigned(request, "/api/twilio/incoming", inboundParams({ Body: "HELP", From: "whatsapp:+919800000009" }));
  expect(response).toEqual({ status: 200, text: '<?xml version="1.0" encoding="UTF-8"?><Response/>' });

  await page.getByRole("button", { name: "Unblock +919800000009" }).click();
  await expect(page.getByText("No blocked numbers.")).toBeVisible();

  await page.getByLabel("Number to block").fill("not a number");
  await page.getByRole("button", { name: "Block", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "is not a phone number" })).toBeVisible();
  await expect(page.getByLabel("Number to block")).toHaveValue("not a number");

  await page.getByLabel("Daily limit per number").fill("0");
  await page.getByLabel("Daily limit per number").evaluate((input: HTMLInputElement) => input.removeAttribute("min"));
  await page.getByRole("button", { name: "Save limits" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The daily limit must be at least 1" })).toBeVisible();
  await expect(page.getByLabel("Daily limit per number")).toHaveValue("0");
  await page.getByLabel("Daily limit per number").fill("25");
  await page.getByRole("button", { name: "Save limits" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Limits saved." })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Daily limit per number")).toHaveValue("25");
});

test("a forged webhook is refused and shows in the Logs with its reason, filterable", async ({ page, request }) => {
  const forged = await postSigned(request, "/api/twilio/incoming", inboundParams({ Body: "<script>alert(1)</script>" }), { forge: true });
  expect(forged.status).toBe(403);

  await signIn(page, ADMIN);
  await page.goto("/logs");
  const filters = page.getByRole("form", { name: "Filter the error log" });
  await filters.getByLabel("Source").selectOption("webhook.incoming");
  await filters.getByRole("button", { name: "Filter errors", exact: true }).click();
  await expect(page).toHaveURL(/source=webhook.incoming/);
  await filters.getByLabel("Reason").selectOption("invalid signature");
  await filters.getByRole("button", { name: "Filter errors", exact: true }).click();
  await expect(page).toHaveURL(/reason=invalid\+signature/);
  const row = page.getByRole("row").filter({ hasText: "invalid signature" }).first();
  await expect(row).toBeVisible();
  await row.getByText("Payload").click();
  await expect(row.locator("pre")).toContainText("<script>alert(1)</script>");
  await expect(row.locator("pre")).not.toContainText("Zm9yZ2VkLXNpZ25hdHVyZQ==");

  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/logs$/);
  await expect(filters.getByLabel("Source")).toHaveValue("");
});
