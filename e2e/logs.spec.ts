import { expect, test } from "@playwright/test";
import { ADMIN } from "./credentials";
import { signIn } from "./helpers";

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
