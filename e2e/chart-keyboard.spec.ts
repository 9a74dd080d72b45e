import { expect, test, type Page } from "@playwright/test";
import { inboundParams } from "../tests/support/twilio-fixtures";
import { ADMIN } from "./credentials";
import { signIn } from "./helpers";
import { postSigned } from "./twilio";

/** Where a chart is drawn: Recharts' wrapper, or the aria-hidden box the page puts it in. */
const CHART = '.recharts-wrapper, [aria-hidden="true"]';
/** What HTML and ARIA count as focusable; a focusable element in an aria-hidden subtree is a violation. */
const FOCUSABLE_IN_HIDDEN = ['a[href]', "button", "input", "select", "textarea", "[contenteditable]", '[tabindex]:not([tabindex="-1"])']
  .map((selector) => `[aria-hidden="true"] ${selector}, [aria-hidden="true"]:is(${selector})`)
  .join(", ");

/**
 * Presses Tab from the top of the page until focus has gone past the last stop and left the page
 * (Chromium then focuses the body), and returns every stop that was inside a chart.
 */
async function chartTabStops(page: Page): Promise<string[]> {
  await page.evaluate(() => {
    if (document.activeElement instanceof HTMLElement || document.activeElement instanceof SVGElement) document.activeElement.blur();
  });
  const inCharts: string[] = [];
  for (let press = 0; press < 150; press++) {
    await page.keyboard.press("Tab");
    const stop = await page.evaluate((chart) => {
      const active = document.activeElement;
      if (!active || active === document.body) return null;
      return { inChart: active.closest(chart) !== null, element: `<${active.tagName.toLowerCase()} class="${active.getAttribute("class") ?? ""}">` };
    }, CHART);
    if (stop === null) {
      expect(press, "Tab reached at least the page's own controls").toBeGreaterThan(5);
      return inCharts;
    }
    if (stop.inChart) inCharts.push(stop.element);
  }
  throw new Error("150 Tab presses did not get through the page");
}

test("the charts are no Tab stops, and still show their tooltips on hover", async ({ page, request }) => {
  // Traffic within the last 7 days (also across midnight), so that both charts draw: commands for the
  // bar chart, volume for the area chart.
  // Fresh MessageSids: the e2e server is shared, and a SID another spec uses would be a duplicate there.
  for (const [index, body] of ["HELP", "STATUS", "STOP"].entries()) {
    const response = await postSigned(request, "/api/twilio/incoming", inboundParams({ Body: body, From: `whatsapp:+91970000010${index}` }));
    expect(response.status).toBe(200);
  }

  await signIn(page, ADMIN);
  await page.goto("/analytics?period=7d");
  const commands = page.getByRole("region", { name: "Most common commands" }).locator(".recharts-wrapper");
  const volume = page.getByRole("region", { name: "Volume per day" }).locator(".recharts-wrapper");
  // The z-index layers appear once the charts have hydrated and drawn.
  for (const chart of [commands, volume]) await expect(chart.locator("g[class*='recharts-zIndex-layer_']").first()).toBeAttached();

  expect(await chartTabStops(page), "no Tab stop inside a chart").toEqual([]);
  await expect(page.locator(FOCUSABLE_IN_HIDDEN), "nothing focusable inside aria-hidden").toHaveCount(0);

  // Mouse users keep the exact numbers on hover.
  await commands.locator(".recharts-bar-rectangle path").first().hover();
  const commandTooltip = commands.locator(".recharts-tooltip-wrapper");
  await expect(commandTooltip).toBeVisible();
  await expect(commandTooltip).toContainText("Messages");

  await volume.locator(":scope > svg.recharts-surface").hover();
  const volumeTooltip = volume.locator(".recharts-tooltip-wrapper");
  await expect(volumeTooltip).toBeVisible();
  await expect(volumeTooltip).toContainText("Received");
  await expect(volumeTooltip).toContainText("UTC");

  // Hovering re-rendered the charts (tooltip, cursor, active dots): still no Tab stops in them.
  expect(await chartTabStops(page), "no Tab stop inside a chart after hovering").toEqual([]);

  // Charts drawn afresh for another period, on a client-side navigation, are no Tab stops either.
  await page.getByRole("navigation", { name: "Period" }).getByRole("link", { name: "Today" }).click();
  await expect(page).toHaveURL(/period=today/);
  const hourly = page.getByRole("region", { name: "Volume per hour" }).locator(".recharts-wrapper");
  await expect(hourly.locator("g[class*='recharts-zIndex-layer_']").first()).toBeAttached();
  expect(await chartTabStops(page), "no Tab stop inside a chart after navigating").toEqual([]);
  await expect(page.locator(FOCUSABLE_IN_HIDDEN)).toHaveCount(0);
});
