import { expect, test } from "@playwright/test";
import { inboundParams } from "../tests/support/twilio-fixtures";
import { ADMIN } from "./credentials";
import { signIn } from "./helpers";
import { postSigned } from "./twilio";

test("analytics answers from today's traffic, with accessible tables beside the charts", async ({ page, request }) => {
  for (const [index, body] of ["HELP", "help", "STATUS", "STOP"].entries()) {
    const sid = `SM${String(index).repeat(2)}${"a7".repeat(15)}`;
    expect((await postSigned(request, "/api/twilio/incoming", inboundParams({ MessageSid: sid, Body: body, From: `whatsapp:+91960000000${index}` }))).status).toBe(200);
  }

  await signIn(page, ADMIN);
  await page.getByRole("link", { name: "Analytics" }).click();
  await page.getByRole("navigation", { name: "Period" }).getByRole("link", { name: "Today" }).click();
  await expect(page).toHaveURL(/period=today/);

  const headline = page.getByRole("region", { name: "Headline numbers" });
  const receivedToday = Number((await headline.getByText("Received today").locator("..").locator("dd").first().innerText()).replace(/,/g, ""));
  expect(receivedToday).toBeGreaterThanOrEqual(4);
  await expect(headline.getByText("Opt-outs (STOP)").locator("..").locator("dd").first()).not.toHaveText("0");

  const commands = page.getByRole("region", { name: "Most common commands" });
  const helpRow = commands.getByRole("row", { name: /HELP \/ MENU/ });
  expect(Number((await helpRow.getByRole("cell").first().innerText()).replace(/,/g, ""))).toBeGreaterThanOrEqual(2);
  await expect(commands.locator("svg.recharts-surface").first()).toBeVisible();
  await expect(page.getByRole("region", { name: "Volume per hour" }).locator("svg.recharts-surface").first()).toBeVisible();

  await page.getByRole("navigation", { name: "Period" }).getByRole("link", { name: "12 months" }).click();
  await expect(page).toHaveURL(/period=12m/);
  await expect(page.getByRole("heading", { name: "Volume per week" })).toBeVisible();

  const today = new Date().toISOString().slice(0, 10);
  const custom = page.getByRole("form", { name: "Custom period" });
  await custom.getByLabel("From").fill(today);
  await custom.getByLabel("To", { exact: true }).fill(today);
  await custom.getByRole("button", { name: "Custom" }).click();
  await expect(page).toHaveURL(new RegExp(`period=custom&from=${today}&to=${today}`));
  await expect(page.getByRole("heading", { name: "Volume per hour" })).toBeVisible();
});
