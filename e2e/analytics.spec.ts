import { expect, test } from "@playwright/test";
import { inboundParams } from "../tests/support/twilio-fixtures";
import { ADMIN } from "./credentials";
import { signIn, utcDay } from "./helpers";
import { postSigned, storedAt } from "./twilio";

test("analytics answers from today's traffic, with accessible tables beside the charts", async ({ page, request }) => {
  const bodies = ["HELP", "help", "STATUS", "STOP"];
  const sids = bodies.map((_, index) => `SM${String(index).repeat(2)}${"a7".repeat(15)}`);
  for (const [index, body] of bodies.entries()) {
    expect((await postSigned(request, "/api/twilio/incoming", inboundParams({ MessageSid: sids[index], Body: body, From: `whatsapp:+91960000000${index}` }))).status).toBe(200);
  }
  const storedOn = storedAt(sids).map((at) => utcDay(at));

  await signIn(page, ADMIN);
  await page.getByRole("link", { name: "Analytics" }).click();
  await page.getByRole("navigation", { name: "Period" }).getByRole("link", { name: "Today" }).click();
  await expect(page).toHaveURL(/period=today/);

  const headline = page.getByRole("region", { name: "Headline numbers" });
  const stat = async (label: string) => Number((await headline.getByText(label, { exact: true }).locator("..").locator("dd").first().innerText()).replace(/,/g, ""));
  const receivedToday = await stat("Received today");
  const optOuts = await stat("Opted out (people, still opted out)");
  const commands = page.getByRole("region", { name: "Most common commands" });
  const helpRow = commands.getByRole("row", { name: /HELP \/ MENU/ });
  const help = (await helpRow.count()) === 0 ? 0 : Number((await helpRow.getByRole("cell").first().innerText()).replace(/,/g, ""));
  // The page's "today" fell between storing and now: messages stored on today's date were on it.
  // Run across midnight, the ones stored yesterday may not be; the custom range below still counts them.
  const readOn = utcDay();
  const ours = (pattern: RegExp) => bodies.filter((body, index) => pattern.test(body) && storedOn[index] === readOn).length;
  expect(receivedToday).toBeGreaterThanOrEqual(ours(/./));
  expect(optOuts).toBeGreaterThanOrEqual(ours(/^STOP$/));
  expect(help).toBeGreaterThanOrEqual(ours(/^help$/i));
  if (help > 0) await expect(commands.locator("svg.recharts-surface").first()).toBeVisible();
  await expect(page.getByRole("region", { name: "Volume per hour" }).locator("svg.recharts-surface").first()).toBeVisible();

  await page.getByRole("navigation", { name: "Period" }).getByRole("link", { name: "12 months" }).click();
  await expect(page).toHaveURL(/period=12m/);
  await expect(page.getByRole("heading", { name: "Volume per week" })).toBeVisible();

  // From the day the first message was stored to today: one day, or two across midnight, and all four in it.
  const from = storedOn[0]!;
  const to = utcDay();
  const custom = page.getByRole("form", { name: "Custom period" });
  await custom.getByLabel("From").fill(from);
  await custom.getByLabel("To", { exact: true }).fill(to);
  await custom.getByRole("button", { name: "Custom" }).click();
  await expect(page).toHaveURL(new RegExp(`period=custom&from=${from}&to=${to}`));
  await expect(page.getByRole("heading", { name: "Volume per hour" })).toBeVisible();
  expect(await stat(`Received, ${from} – ${to}`)).toBeGreaterThanOrEqual(4);
  expect(await stat("Opted out (people, still opted out)")).toBeGreaterThanOrEqual(1);
});

test("an unreadable custom range shows the last 7 days with a note saying so", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/analytics?period=custom&from=2026-13-40&to=2026-11-20");
  await expect(page.getByRole("note", { name: "About the period" })).toHaveText(
    "The custom range could not be read (From “2026-13-40” is not a date): showing the last 7 days. Give both days, as YYYY-MM-DD.",
  );
  await expect(page.getByRole("navigation", { name: "Period" }).getByRole("link", { name: "7 days", exact: true })).toHaveAttribute("aria-current", "page");
  await page.goto("/analytics?period=30d");
  await expect(page.getByRole("note", { name: "About the period" })).toHaveCount(0);
});
