import { randomInt } from "node:crypto";
import Database from "better-sqlite3";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { REPLY_BOX_NOTICES } from "../lib/inbox/reply-box";
import { ADMIN } from "./credentials";
import { signIn } from "./helpers";
import { phoneSays } from "./twilio";

/** A number no other spec uses: the server and its database are shared by every spec. */
const freshNumber = () => `+9193${String(randomInt(10 ** 7, 10 ** 8))}`;

/**
 * Their last message moved to just over 24 hours ago: the window closes on the server as time
 * would close it, and the open page only learns it from its live refresh.
 */
function closeWindow(phone: string) {
  const db = new Database(process.env.E2E_DATABASE_PATH!, { timeout: 5000 });
  try {
    const changed = db.prepare("update contacts set last_inbound_at = ? where phone = ?").run(Date.now() - 24 * 60 * 60 * 1000 - 60_000, phone).changes;
    expect(changed).toBe(1);
  } finally {
    db.close();
  }
}

/** Through the emulator, as Twilio would: the emulator then knows the window is open too. */
async function writesIn(page: Page, phone: string, body: string) {
  expect((await phoneSays(page.request, phone, body, "Composer")).httpStatus).toBe(200);
}

/** A template by Content SID, whether or not Settings lists any by name. */
async function typedTemplate(reply: Locator) {
  const byName = reply.getByRole("combobox", { name: "Template" });
  if ((await byName.count()) > 0) await byName.selectOption({ label: "Another template (type its Content SID)" });
  return reply.getByLabel("Template Content SID");
}

// Each window change waits for the page's own live refresh (every 2 to 10 s), with no reload.
const REFRESH = { timeout: 15_000 };

/** The refresh a tab gets when the staff member comes back to it: at once, rather than within 10 s. */
async function backToTab(page: Page) {
  await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
}

async function openConversation(page: Page, phone: string) {
  await signIn(page, ADMIN);
  await page.goto(`/inbox/${phone.slice(1)}`);
  const reply = page.getByRole("form", { name: "Reply" });
  return {
    reply,
    message: reply.getByRole("textbox", { name: "Message" }),
    notice: reply.getByTestId("reply-notice"),
    closedNote: reply.getByRole("note").filter({ hasText: "24-hour window is closed" }),
    conversation: page.getByRole("list", { name: "Conversation" }),
  };
}

test("a reply being written when the window closes is kept, never sent with a template, and goes out once they write again", async ({ page }) => {
  test.slow();
  const phone = freshNumber();
  await writesIn(page, phone, "Is my declaration through?");
  const { reply, message, notice, closedNote, conversation } = await openConversation(page, phone);
  await message.fill("Yes, it was recorded this morning.");

  closeWindow(phone);
  await expect(closedNote).toBeVisible(REFRESH);
  const kept = reply.getByRole("textbox", { name: "Your unsent text (can't be sent while the window is closed)" });
  await expect(kept).toHaveValue("Yes, it was recorded this morning.");
  await expect(kept).not.toBeEditable();
  await expect(kept).toBeFocused();
  await expect(notice).toHaveAttribute("aria-live", "polite");
  await expect(notice).toHaveText(REPLY_BOX_NOTICES.closedWithDraft);
  await expect(reply.getByRole("button", { name: "Send reply" })).toHaveCount(0);
  await expect(reply.getByRole("button", { name: "Copy your unsent text" })).toBeVisible();

  // A template goes out; the kept text is no part of it, and stays.
  await (await typedTemplate(reply)).fill(`HX${"c0".repeat(16)}`);
  await reply.getByRole("button", { name: "Send template" }).click();
  await expect(reply.getByText("Queued.")).toBeVisible();
  await expect(conversation.getByRole("listitem").filter({ hasText: `Template HX${"c0".repeat(16)}` })).toBeVisible();
  await expect(conversation).not.toContainText("recorded this morning");
  await expect(kept).toHaveValue("Yes, it was recorded this morning.");

  // They write again: the same text is back, editable, and sent as it was typed.
  await writesIn(page, phone, "Thanks, anything else?");
  await expect(reply.getByRole("button", { name: "Send reply" })).toBeVisible(REFRESH);
  await expect(notice).toHaveText(REPLY_BOX_NOTICES.openedWithDraft);
  await expect(message).toHaveValue("Yes, it was recorded this morning.");
  await expect(message).toBeEditable();
  await reply.getByRole("button", { name: "Send reply" }).click();
  await expect(conversation.getByRole("listitem").filter({ hasText: "Yes, it was recorded this morning." })).toBeVisible();
  await expect(message).toHaveValue("");
});

test("when they write again an untouched template gives way to free text, and one being filled in stays with Text offered", async ({ page }) => {
  test.slow();
  const phone = freshNumber();
  await writesIn(page, phone, "Hello");
  closeWindow(phone);
  const { reply, message, notice, closedNote } = await openConversation(page, phone);
  await expect(closedNote).toBeVisible();
  await expect(message).toHaveCount(0);

  await writesIn(page, phone, "Hello again");
  await expect(reply.getByRole("button", { name: "Send reply" })).toBeVisible(REFRESH);
  await expect(reply.getByRole("radio", { name: "Text" })).toBeChecked();
  await expect(notice).toHaveText(REPLY_BOX_NOTICES.opened);
  await expect(message).toBeEditable();

  // A template being filled in when the window closes and opens again stays as it was, with the focus.
  await reply.getByRole("radio", { name: "Template" }).check();
  const contentSid = await typedTemplate(reply);
  await contentSid.fill("HX12");
  closeWindow(phone);
  await backToTab(page);
  await expect(closedNote).toBeVisible();
  await expect(notice).toHaveText(REPLY_BOX_NOTICES.closed);
  await expect(contentSid).toHaveValue("HX12");
  await expect(contentSid).toBeFocused();
  await writesIn(page, phone, "Still there?");
  await backToTab(page);
  await expect(notice).toHaveText(REPLY_BOX_NOTICES.openedOnTemplate);
  await expect(reply.getByRole("radio", { name: "Template" })).toBeChecked();
  await expect(contentSid).toHaveValue("HX12");
  await expect(contentSid).toBeFocused();

  // Text is one click away, and neither choice loses what the other holds.
  await reply.getByRole("radio", { name: "Text" }).check();
  await message.fill("Free text after all");
  await reply.getByRole("radio", { name: "Template" }).check();
  await expect(contentSid).toHaveValue("HX12");
  await reply.getByRole("radio", { name: "Text" }).check();
  await expect(message).toHaveValue("Free text after all");
});

test("a text sent from a page that missed the window closing is refused by the server and kept; Discard drops it", async ({ page }) => {
  const phone = freshNumber();
  await writesIn(page, phone, "Can you confirm?");
  const { reply, message, notice, closedNote, conversation } = await openConversation(page, phone);
  await message.fill("Confirmed, thank you.");
  // Closed on the server between two refreshes: the page still offers free text.
  closeWindow(phone);
  await message.press("Control+Enter");
  await expect(reply.getByRole("alert")).toHaveText("Outside the 24-hour window: WhatsApp only allows an approved template until they write again.");
  await expect(conversation.getByRole("listitem").filter({ hasText: "Confirmed, thank you." }).locator("[data-status]")).toHaveAttribute("data-status", "refused");
  // The answer brought the closed window: the text is kept, read-only.
  await expect(closedNote).toBeVisible();
  const kept = reply.getByRole("textbox", { name: "Your unsent text (can't be sent while the window is closed)" });
  await expect(kept).toHaveValue("Confirmed, thank you.");
  await expect(kept).not.toBeEditable();

  await reply.getByRole("button", { name: "Discard your unsent text" }).click();
  await expect(kept).toHaveCount(0);
  await expect(notice).toHaveText(REPLY_BOX_NOTICES.discarded);
  // The focus goes on to the template, first of what is left.
  await expect(reply.getByRole("combobox", { name: "Template" }).or(reply.getByLabel("Template Content SID"))).toBeFocused();
});

test("a reply being written when the person opts out is kept read-only with nothing to send it by, and is sendable again after START", async ({ page }) => {
  test.slow();
  const phone = freshNumber();
  await writesIn(page, phone, "Who approved my trade?");
  const { reply, message, conversation } = await openConversation(page, phone);
  await message.fill("Your manager did, yesterday.");
  await expect(message).toBeFocused();

  await writesIn(page, phone, "STOP");
  await backToTab(page);
  await expect(reply.getByRole("note").filter({ hasText: "opted out" })).toBeVisible(REFRESH);
  const kept = reply.getByRole("textbox", { name: "Your unsent text (can't be sent to this number now)" });
  await expect(kept).toHaveValue("Your manager did, yesterday.");
  await expect(kept).not.toBeEditable();
  await expect(kept).toBeFocused();
  await expect(reply.getByRole("button", { name: /^Send/ })).toHaveCount(0);
  await expect(reply.getByRole("button", { name: "Copy your unsent text" })).toBeVisible();

  await writesIn(page, phone, "START");
  await backToTab(page);
  await expect(reply.getByRole("note").filter({ hasText: "opted out" })).toHaveCount(0, REFRESH);
  await expect(message).toHaveValue("Your manager did, yesterday.");
  await expect(message).toBeEditable();
  await message.focus();
  await reply.getByRole("button", { name: "Send reply" }).focus();
  await page.keyboard.press("Enter");
  await expect(reply.getByText("Queued.")).toBeVisible();
  // Sent from the keyboard, the busy button kept the focus instead of dropping it to the page.
  await expect(reply.getByRole("button", { name: "Send reply" })).toBeFocused();
  await expect(conversation.getByText("Your manager did, yesterday.")).toBeVisible(REFRESH);
});
