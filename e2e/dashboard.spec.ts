import Database from "better-sqlite3";
import { expect, test, type Locator, type Page, type Request } from "@playwright/test";
import { inboundParams } from "../tests/support/twilio-fixtures";
import { ADMIN } from "./credentials";
import { signIn } from "./helpers";
import { postSigned } from "./twilio";

/** Runs `work` on the server's database: the only way to make a page fail on the server and then recover. */
function withDatabase<T>(work: (db: Database.Database) => T): T {
  const db = new Database(process.env.E2E_DATABASE_PATH!, { timeout: 5000 });
  try {
    return work(db);
  } finally {
    db.close();
  }
}

test("a page whose server render failed is fetched again by Try again", async ({ page }) => {
  await signIn(page, ADMIN);
  // A payload that is not JSON makes the Logs page throw while it renders on the server.
  const id = withDatabase((db) => Number(db.prepare("insert into error_log (at, source, reason, payload) values (?, 'e2e', 'broken row', '{not json') returning id").pluck().get(Date.now())));
  await page.goto("/logs");
  const failure = page.getByRole("alert").filter({ hasText: "Something went wrong loading this page" });
  await expect(failure).toBeVisible();

  withDatabase((db) => db.prepare("delete from error_log where id = ?").run(id));
  await failure.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByRole("heading", { name: "Error log" })).toBeVisible();
  await expect(failure).toHaveCount(0);
});

/**
 * Counts the router's prefetch requests per page (set up before signing in: the navigation's links
 * are prefetched as soon as they show). A prefetch comes in several requests (the route tree, then
 * its segments): under load the loading segment may still be on its way after the first answer,
 * and a click then has nothing to show, so a page counts as prefetched once all have settled.
 */
function watchPrefetches(page: Page) {
  const inFlight = new Map<string, number>();
  const settledAt = new Map<string, number>();
  const pageOf = (request: Request) => (request.headers()["next-router-prefetch"] ? new URL(request.url()).pathname : null);
  const settled = (request: Request) => {
    const path = pageOf(request);
    if (!path) return;
    inFlight.set(path, (inFlight.get(path) ?? 1) - 1);
    settledAt.set(path, Date.now());
  };
  page.on("request", (request) => {
    const path = pageOf(request);
    if (path) inFlight.set(path, (inFlight.get(path) ?? 0) + 1);
  });
  page.on("requestfinished", settled);
  page.on("requestfailed", settled);
  // A page's own requests, not its detail pages' (the People list prefetches each person).
  const ofPage = (path: string, candidate: string) => candidate.startsWith(path) && !candidate.startsWith(`${path}/`);
  return {
    prefetched(path: string): boolean {
      const times = [...settledAt].filter(([candidate]) => ofPage(path, candidate)).map(([, at]) => at);
      const pending = [...inFlight].some(([candidate, count]) => ofPage(path, candidate) && count > 0);
      return times.length > 0 && !pending && Date.now() - Math.max(...times) > 300;
    },
  };
}

/**
 * Follows the main navigation's link to `name` once its loading state is prefetched, with the
 * page's own server answer held back, and returns the loading status shown meanwhile.
 */
async function navigateSlowly(page: Page, prefetches: ReturnType<typeof watchPrefetches>, name: string, path: string): Promise<Locator> {
  const link = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });
  await link.hover();
  await expect.poll(() => prefetches.prefetched(path)).toBe(true);
  await page.route(
    (url) => url.pathname === path,
    async (route) => {
      if (!route.request().headers()["next-router-prefetch"]) await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    },
  );
  await link.click();
  const loading = page.getByRole("status").filter({ hasText: "Loading…" });
  await expect(loading).toBeVisible();
  await expect(loading).toHaveAttribute("aria-busy", "true");
  return loading;
}

test("a page that takes a moment on the server shows that it is loading", async ({ page }) => {
  const prefetches = watchPrefetches(page);
  await signIn(page, ADMIN);
  const loading = await navigateSlowly(page, prefetches, "Analytics", "/analytics");
  await expect(page.getByRole("heading", { name: "Analytics", level: 1 })).toBeVisible();
  await expect(loading).toHaveCount(0);
});

test("People, Reminders, Settings and Users show their heading above a loading status while they render", async ({ page }) => {
  const prefetches = watchPrefetches(page);
  await signIn(page, ADMIN);
  const pages = [
    ["People", "/people", "Add a person"],
    ["Reminders", "/reminders", "New campaign"],
    ["Settings", "/settings", "Keyword rules"],
    ["Users", "/users", "Add a user"],
  ] as const;
  for (const [name, path, section] of pages) {
    const loading = await navigateSlowly(page, prefetches, name, path);
    // The page's own heading, already there while it loads, so nothing jumps when the page arrives.
    await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
    await expect(loading).toBeVisible();
    await expect(page.getByRole("heading", { name: section, level: 2 })).toBeVisible();
    await expect(loading).toHaveCount(0);
    await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
    await page.unrouteAll();
  }
});

test("a missing page has one main landmark, inside the dashboard or outside it", async ({ page }) => {
  await signIn(page, ADMIN);
  const missingCampaign = await page.goto("/reminders/999999");
  expect(missingCampaign?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(page.getByRole("main")).toHaveCount(1);
  // The lists' loading screens do not wrap a conversation, person or campaign, so their 404 is a real one.
  expect((await page.goto("/inbox/abc"))?.status()).toBe(404);
  expect((await page.goto("/people/999999"))?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  const unknown = await page.goto("/no-such-page");
  expect(unknown?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("main")).toHaveCount(1);
});

/** WCAG contrast of a text against the first opaque background behind it (any CSS colour syntax). */
function contrastOf(text: Locator): Promise<number> {
  return text.evaluate((element) => {
    const context = document.createElement("canvas").getContext("2d", { willReadFrequently: true })!;
    const rgba = (color: string) => {
      context.clearRect(0, 0, 1, 1);
      context.fillStyle = color;
      context.fillRect(0, 0, 1, 1);
      const [r = 0, g = 0, b = 0, a = 0] = context.getImageData(0, 0, 1, 1).data;
      return { channels: [r, g, b], opaque: a > 0 };
    };
    const luminance = (channels: number[]) => {
      const [r = 0, g = 0, b = 0] = channels.map((value) => (value / 255 <= 0.03928 ? value / 255 / 12.92 : ((value / 255 + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    let background = [255, 255, 255];
    for (let node: Element | null = element; node; node = node.parentElement) {
      const color = rgba(getComputedStyle(node).backgroundColor);
      if (color.opaque) {
        background = color.channels;
        break;
      }
    }
    const [light, dark] = [luminance(rgba(getComputedStyle(element).color).channels), luminance(background)].sort((a, b) => b - a);
    return (light! + 0.05) / (dark! + 0.05);
  });
}

test("in dark mode the Simulator's empty chat and a conversation's times and ticks stay readable", async ({ page, request }) => {
  const phone = "+919733300001";
  expect((await postSigned(request, "/api/twilio/incoming", inboundParams({ MessageSid: `SM${"c9".repeat(16)}`, From: `whatsapp:${phone}`, Body: "HELP" }))).status).toBe(200);
  await page.emulateMedia({ colorScheme: "dark" });
  await signIn(page, ADMIN);
  await page.goto("/simulator?phone=%2B919733300002");
  expect(await contrastOf(page.getByText("No messages yet. Try HELP."))).toBeGreaterThanOrEqual(4.5);
  await page.goto(`/inbox/${phone}`);
  await page.getByRole("textbox", { name: "Message" }).fill("Read in the dark");
  await page.getByRole("button", { name: "Send reply" }).click();
  const reply = page.getByRole("list", { name: "Conversation" }).locator('[data-direction="outbound"]').filter({ hasText: "Read in the dark" });
  await expect(reply).toHaveCount(1);
  expect(await contrastOf(reply.locator("time"))).toBeGreaterThanOrEqual(4.5);
});

