import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { inboundParams } from "../tests/support/twilio-fixtures";
import { ADMIN } from "./credentials";
import { signIn } from "./helpers";
import { phoneSays, postSigned } from "./twilio";

test.beforeAll(async ({ request }) => {
  // Messages from two people, through the real webhook. Fixed SIDs: if this runs again, Twilio-style
  // replays are stored once.
  for (const [sid, from, name, body] of [
    [`SM${"e1".repeat(16)}`, "whatsapp:+919700000001", "Kiran", "Submitted my quarterly declaration today"],
    [`SM${"e2".repeat(16)}`, "whatsapp:+919700000002", "Farah", "Where do I find the trading window calendar?"],
    [`SM${"e3".repeat(16)}`, "whatsapp:+919700000001", "Kiran", "PENDING"],
  ] as const) {
    const response = await postSigned(request, "/api/twilio/incoming", inboundParams({ MessageSid: sid, From: from, ProfileName: name, Body: body }));
    expect(response.status).toBe(200);
  }
});

test("filters by direction, searches by a word, and keeps every filter in the URL", async ({ page }) => {
  await signIn(page, ADMIN);
  // Something sent, so that each direction has rows the other must not show.
  await page.goto("/inbox/919700000001");
  await page.getByRole("textbox", { name: "Message" }).fill("Thanks Kiran, your declaration is recorded.");
  await page.getByRole("button", { name: "Send reply" }).click();
  await expect(page.getByRole("list", { name: "Conversation" })).toContainText("your declaration is recorded");

  await page.goto("/inbox");
  const directions = page.getByRole("navigation", { name: "Direction" });
  const messages = page.getByRole("list", { name: "Messages" });
  const sentReply = messages.getByRole("link").filter({ hasText: "your declaration is recorded" });

  await directions.getByRole("link", { name: "Received", exact: true }).click();
  await expect(page).toHaveURL(/direction=received/);
  await expect(messages.getByRole("link").filter({ hasText: "Submitted my quarterly declaration today" })).toHaveCount(1);
  await expect(messages.getByRole("link").filter({ hasNotText: "Received from" })).toHaveCount(0);
  await expect(sentReply).toHaveCount(0);

  await directions.getByRole("link", { name: "Sent", exact: true }).click();
  await expect(page).toHaveURL(/direction=sent/);
  await expect(sentReply).toHaveCount(1);
  await expect(messages.getByRole("link").filter({ hasNotText: "Sent to" })).toHaveCount(0);

  await directions.getByRole("link", { name: "All", exact: true }).click();
  await expect(page).toHaveURL(/\/inbox$/);
  await page.getByRole("searchbox", { name: "Search messages" }).fill("trading calend");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=trading\+calend/);
  await expect(messages.getByRole("link")).toHaveCount(1);
  await expect(messages).toContainText("Where do I find the trading window calendar?");

  await page.goBack();
  await expect(page).toHaveURL(/\/inbox$/);
  expect(await messages.getByRole("link").count()).toBeGreaterThan(1);
  await page.getByRole("searchbox", { name: "Search messages" }).fill("nothing-like-this-anywhere");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("heading", { name: "No messages match these filters" })).toBeVisible();
});

test("Back shows the search of the page it returns to, not what was typed there before leaving", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/inbox?q=declaration");
  const search = page.getByRole("searchbox", { name: "Search messages" });
  await expect(search).toHaveValue("declaration");
  await search.fill("policy");
  await search.press("Enter");
  await expect(page).toHaveURL(/q=policy/);
  await page.waitForLoadState("load");
  await expect(page.getByRole("list", { name: "Messages" }).or(page.getByText("No messages match these filters"))).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/q=declaration/);
  await expect(search).toHaveValue("declaration");
});

test("opens a thread with the keyboard, marks it handled and reopens it", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/inbox?number=%2B919700000001&direction=received");
  const first = page.getByRole("list", { name: "Messages" }).getByRole("link").first();
  // The shortcut listens once the page has hydrated; retry the key until it has.
  await expect(async () => {
    await page.keyboard.press("j");
    await expect(first).toBeFocused({ timeout: 500 });
  }).toPass();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/inbox\/919700000001$/);
  await expect(page.getByRole("list", { name: "Conversation" })).toContainText("Submitted my quarterly declaration today");

  await expect(page.getByTestId("handling")).toHaveText("Open");
  await page.getByRole("button", { name: "Mark handled" }).click();
  await expect(page.getByTestId("handling")).toContainText(`Handled by Administrator`);
  await page.goto("/inbox?number=%2B919700000001&handled=open");
  await expect(page.getByRole("heading", { name: "No messages match these filters" })).toBeVisible();
  await page.goto("/inbox/919700000001");
  await page.getByRole("button", { name: "Reopen" }).click();
  await expect(page.getByTestId("handling")).toHaveText("Open");
});

test("an open conversation shows a new message by itself", async ({ page, request }) => {
  await signIn(page, ADMIN);
  await page.goto("/inbox/919700000002");
  const conversation = page.getByRole("list", { name: "Conversation" });
  await expect(conversation).toContainText("Where do I find the trading window calendar?");
  const sent = await postSigned(request, "/api/twilio/incoming", inboundParams({ MessageSid: `SM${"e9".repeat(16)}`, From: "whatsapp:+919700000002", ProfileName: "Farah", Body: "Found it, thanks" }));
  expect(sent.status).toBe(200);
  await expect(conversation).toContainText("Found it, thanks", { timeout: 15_000 });
});

test("exports the filtered messages as a CSV for spreadsheets", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/inbox?direction=received&number=%2B919700000001");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const file = await (await download).path();
  const bytes = readFileSync(file);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.toString("utf8").replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(lines[0]).toBe(
    "time_utc,direction,number,profile_name,body,command,status,error_code,flag,handled_at_utc,message_sid,sent_by," +
      "message_type,media_count,media_types,media_refs,latitude,longitude,location_address,location_label,button_text,button_payload,replied_to_message_sid,other_parameters",
  );
  expect(lines.slice(1)).toHaveLength(2);
  expect(lines.slice(1).every((line) => line.includes(",received,'+919700000001,Kiran,"))).toBe(true);
  expect(lines.join("\n")).toContain("Submitted my quarterly declaration today");

  await page.goto("/logs");
  await expect(page.getByRole("region", { name: "Audit trail" })).toContainText("inbox.export");
});

test("the Number filter takes part of a number, and says so when it cannot apply one", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/inbox?direction=received");
  await page.getByText("Filters").click();
  await page.getByLabel("Number").fill("0000002");
  await page.getByRole("button", { name: "Apply" }).click();
  const messages = page.getByRole("list", { name: "Messages" });
  await expect(messages).toContainText("Where do I find the trading window calendar?");
  await expect(messages).not.toContainText("Kiran");

  // Too few digits to narrow anything down: said on the page, and the export refuses rather than export everything.
  await page.goto("/inbox?number=97");
  await expect(page.getByRole("alert").filter({ hasText: "Enter at least 3 digits of the number." })).toBeVisible();
  const refused = await page.request.get("/inbox/export?number=97");
  expect([refused.status(), await refused.json()]).toEqual([400, { error: "Enter at least 3 digits of the number." }]);
  // So the page offers no link to that refusal, and says why.
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveCount(0);
  await expect(page.getByText("Export CSV is unavailable until the number filter has enough digits.")).toBeVisible();
});

test("a row the keyboard moves to has a visible focus ring", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/inbox");
  const first = page.getByRole("list", { name: "Messages" }).getByRole("link").first();
  await expect(async () => {
    await page.keyboard.press("j");
    await expect(first).toBeFocused({ timeout: 500 });
  }).toPass();
  const outline = await first.evaluate((link) => {
    const style = getComputedStyle(link);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });
  expect(outline.style).not.toBe("none");
  expect(outline.width).toBeGreaterThanOrEqual(2);
});

test("the export refuses anonymous requests", async ({ request }) => {
  const response = await request.get("/inbox/export", { maxRedirects: 0 });
  expect(response.status()).toBe(401);
});

test("shows a photo inside the conversation and keeps other attachments as links", async ({ page, request }) => {
  // No internet here: the photo's host is answered by the browser itself, with a real 2×1 PNG.
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAD0lEQVR4nGMQ2Nn4//9/AAwCBEinqGIBAAAAAElFTkSuQmCC", "base64");
  await page.route("https://media.example.com/**", (route) => route.fulfill({ status: 200, contentType: "image/png", body: png }));
  const response = await postSigned(request, "/api/twilio/incoming", inboundParams({
    MessageSid: `SM${"e4".repeat(16)}`, From: "whatsapp:+919700000004", ProfileName: "Meera", Body: "Signed form attached",
    NumMedia: "2", MediaUrl0: "https://media.example.com/form.png", MediaContentType0: "image/png",
    MediaUrl1: "https://media.example.com/note.ogg", MediaContentType1: "audio/ogg",
  }));
  expect(response.status).toBe(200);

  await signIn(page, ADMIN);
  await page.goto("/inbox/919700000004");
  const photo = page.getByRole("img", { name: "Photo from Meera (image/png)" });
  await expect(photo).toBeVisible();
  await expect(photo).toHaveAttribute("src", "https://media.example.com/form.png");
  await expect.poll(() => photo.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(2);
  await expect(page.getByRole("link", { name: "audio/ogg attachment" })).toHaveAttribute("href", "https://media.example.com/note.ogg");
});

test("shows a photo Twilio keeps behind the account's credentials, fetched through the server", async ({ page, request }) => {
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAD0lEQVR4nGMQ2Nn4//9/AAwCBEinqGIBAAAAAElFTkSuQmCC", "base64");
  const sent = await phoneSays(request, "+919700000005", "Here is the signed page", "Farah", { contentType: "image/png", data: png });
  expect(sent.httpStatus).toBe(200);

  await signIn(page, ADMIN);
  await page.goto("/inbox/919700000005");
  const photo = page.getByRole("img", { name: "Photo from Farah (image/png)" });
  await expect(photo).toBeVisible();
  await expect(photo).toHaveAttribute("src", /^\/inbox\/media\/\d+\/0$/);
  await expect.poll(() => photo.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(2);
  // The page itself never carries Twilio's URL (it names the account).
  expect(await page.content()).not.toContain("/2010-04-01/Accounts/");
});

test("a Twilio message SID pasted into search finds that message, and its details show the SID and exact time", async ({ page }) => {
  const sid = `SM${"e2".repeat(16)}`;
  await signIn(page, ADMIN);
  await page.goto("/inbox");
  await page.getByRole("searchbox", { name: "Search messages" }).fill(sid.toLowerCase());
  await page.getByRole("button", { name: "Search" }).click();
  const messages = page.getByRole("list", { name: "Messages" });
  await expect(messages.getByRole("link")).toHaveCount(1);
  await messages.getByRole("link").click();
  await expect(page).toHaveURL(/\/inbox\/919700000002$/);
  const bubble = page.getByRole("list", { name: "Conversation" }).getByRole("listitem").filter({ hasText: "Where do I find the trading window calendar?" });
  await bubble.getByText("Details").click();
  await expect(bubble).toContainText(sid);
  await expect(bubble).toContainText(/Received\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
});

test("a long conversation opens at its newest message, next to the reply box", async ({ page, request }) => {
  for (let i = 0; i < 30; i++) {
    const sent = await postSigned(request, "/api/twilio/incoming", inboundParams({ MessageSid: `SM${"7".repeat(30)}${String(i).padStart(2, "0")}`, From: "whatsapp:+919700000077", ProfileName: "Long", Body: `Line number ${i}` }));
    expect(sent.status).toBe(200);
  }
  await page.setViewportSize({ width: 1000, height: 600 });
  await signIn(page, ADMIN);
  await page.goto("/inbox/919700000077");
  const conversation = page.getByRole("list", { name: "Conversation" });
  await expect(conversation.getByRole("listitem").filter({ hasText: "Line number 29" })).toBeInViewport();
  await expect(conversation.getByRole("listitem").filter({ hasText: "Line number 0" })).not.toBeInViewport();
  await expect(page.getByRole("button", { name: "Send reply" })).toBeInViewport();
});

test("an open inbox shows new messages by itself and keeps the keyboard's row focused", async ({ page, request }) => {
  const post = async (sid: string, from: string, body: string) => {
    const sent = await postSigned(request, "/api/twilio/incoming", inboundParams({ MessageSid: sid, From: from, ProfileName: "Live", Body: body }));
    expect(sent.status).toBe(200);
  };
  await post(`SM${"d1".repeat(16)}`, "whatsapp:+919711100001", "Live row one");
  await post(`SM${"d2".repeat(16)}`, "whatsapp:+919711100002", "Live row two");
  await signIn(page, ADMIN);
  // The refresh runs every 15 s: the page's clock is moved on instead of waiting.
  await page.clock.install();
  await page.goto("/inbox?direction=received&number=97111000&handled=open");
  const messages = page.getByRole("list", { name: "Messages" });
  const row = (text: string) => messages.getByRole("link").filter({ hasText: text });
  await expect(async () => {
    await page.keyboard.press("j");
    await expect(row("Live row two")).toBeFocused({ timeout: 500 });
  }).toPass();

  await post(`SM${"d3".repeat(16)}`, "whatsapp:+919711100003", "Live row three");
  await page.clock.fastForward(15_000);
  await expect(messages.getByRole("link").first()).toContainText("Live row three");
  await expect(row("Live row two")).toBeFocused();

  // The focused row leaves the list (handled elsewhere): focus moves to the row now in its place, not to the page.
  const other = await page.context().newPage();
  await other.goto("/inbox/919711100002");
  await other.getByRole("button", { name: "Mark handled" }).click();
  await expect(other.getByTestId("handling")).toContainText("Handled by");
  await other.close();
  await page.clock.fastForward(15_000);
  await expect(row("Live row two")).toHaveCount(0);
  await expect(row("Live row one")).toBeFocused();
  await page.keyboard.press("k");
  await expect(row("Live row three")).toBeFocused();
});

test("a hidden inbox tab catches up as soon as it is shown again", async ({ page, request }) => {
  await signIn(page, ADMIN);
  // The clock stands still: only the return to the tab can bring the new message in.
  await page.clock.install();
  await page.goto("/inbox?number=97111200");
  const messages = page.getByRole("list", { name: "Messages" });
  const setVisibility = (state: "hidden" | "visible") =>
    page.evaluate((value) => {
      Object.defineProperty(document, "visibilityState", { configurable: true, get: () => value });
      document.dispatchEvent(new Event("visibilitychange"));
    }, state);
  await setVisibility("hidden");
  const sent = await postSigned(request, "/api/twilio/incoming", inboundParams({ MessageSid: `SM${"f7".repeat(16)}`, From: "whatsapp:+919711120001", Body: "Written while away" }));
  expect(sent.status).toBe(200);
  // Hidden, even a due refresh is skipped.
  await page.clock.fastForward(15_000);
  await expect(messages.getByRole("link").filter({ hasText: "Written while away" })).toHaveCount(0);
  await setVisibility("visible");
  await expect(messages.getByRole("link").filter({ hasText: "Written while away" })).toHaveCount(1);
});


test("a date range typed the wrong way round is put in order, in the URL and the fields", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/inbox?from=2026-11-27&to=2026-11-20");
  await expect(page).toHaveURL(/[?&]from=2026-11-20&to=2026-11-27$/);
  await expect(page.getByLabel("From (UTC day)")).toHaveValue("2026-11-20");
  await expect(page.getByLabel("To (UTC day)")).toHaveValue("2026-11-27");
});
