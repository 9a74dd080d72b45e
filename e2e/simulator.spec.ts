import { expect, test } from "@playwright/test";
import { ADMIN } from "./credentials";
import { addUser, signIn } from "./helpers";
import { phoneSays } from "./twilio";

test("in simulator mode a person sends HELP from the Simulator, sees the command list, and staff find and answer it in the inbox", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings");
  const incoming = page.getByRole("switch", { name: "Enable incoming messages" });
  if ((await incoming.getAttribute("aria-checked")) === "false") await incoming.click();
  await expect(incoming).toHaveAttribute("aria-checked", "true");

  await page.getByRole("link", { name: "Simulator" }).click();
  await page.getByLabel("Phone number").fill("+91 98765 43210");
  await page.getByLabel("Profile name").fill("Meera");
  await page.getByLabel("Message").fill("HELP");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  const chat = page.getByRole("list", { name: "Chat" });
  await expect(chat).toContainText("HELP");
  await expect(chat).toContainText("Commands you can send:");
  await expect(chat).toContainText("STATUS – your compliance status");
  await expect(page).toHaveURL(/phone=%2B919876543210/);
  await expect(page.getByLabel("Message")).toHaveValue("");

  // Same phone, another profile name: the form keeps the name it sent as.
  await page.getByLabel("Profile name").fill("Meera K");
  await page.getByLabel("Message").fill("hello");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(chat).toContainText("hello");
  await expect(page).toHaveURL(/name=Meera\+K/);
  await expect(page.getByLabel("Profile name")).toHaveValue("Meera K");

  await page.getByRole("link", { name: "Inbox", exact: true }).click();
  const messages = page.getByRole("list", { name: "Messages" });
  await expect(messages.getByRole("link").filter({ hasText: "HELP" }).first()).toContainText("Meera");
  await expect(messages.getByRole("link").filter({ hasText: "Commands you can send:" }).first()).toBeVisible();
  await page.getByRole("navigation", { name: "Direction" }).getByRole("link", { name: "Received", exact: true }).click();
  await expect(page).toHaveURL(/direction=received/);
  await expect(messages.getByRole("link").filter({ hasText: "Commands you can send:" })).toHaveCount(0);

  await messages.getByRole("link").filter({ hasText: "Meera" }).first().click();
  await expect(page).toHaveURL(/\/inbox\/919876543210$/);
  const conversation = page.getByRole("list", { name: "Conversation" });
  await expect(conversation).toContainText("HELP");
  await expect(page.getByRole("complementary", { name: "Contact" })).toContainText("open, closes");

  await page.getByRole("textbox", { name: "Message" }).fill("Hi Meera, your NISM certificate expires soon.");
  await page.getByRole("button", { name: "Send reply" }).click();
  const reply = conversation.getByRole("listitem").filter({ hasText: "your NISM certificate expires soon" });
  await expect(reply).toBeVisible();
  // No reload: the page follows the delivery callbacks until the message is read.
  await expect(reply.locator("[data-status]")).toHaveAttribute("data-status", "read", { timeout: 15_000 });

  await page.getByRole("link", { name: "Simulator" }).click();
  await page.goto("/simulator?phone=%2B919876543210&name=Meera");
  await expect(page.getByRole("list", { name: "Chat" })).toContainText("your NISM certificate expires soon");
});

test("the Simulator's profile name follows the phone number unless the tester typed one", async ({ page }) => {
  const suffix = String(Date.now()).slice(-7);
  const [known, employee, unknown, typed] = ["1", "2", "3", "4"].map((digit) => `+9197${digit}${suffix}`) as [string, string, string, string];
  const simulator = (phone: string) => `/simulator?phone=${encodeURIComponent(phone)}`;
  const sendAs = async (phone: string, text: string) => {
    await page.getByLabel("Phone number").fill(phone);
    await page.getByLabel("Message").fill(text);
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`phone=${encodeURIComponent(phone)}`));
    await expect(page.getByRole("list", { name: "Chat" })).toContainText(text);
  };
  await signIn(page, ADMIN);
  await page.goto("/people");
  const add = page.getByRole("form", { name: "Add a person" });
  await add.getByLabel("Name").fill(`Farah Simulated ${suffix}`);
  await add.getByLabel("Employee code").fill(`SIM${suffix}`);
  await add.getByLabel("WhatsApp number").fill(employee);
  await add.getByLabel("Department").fill("Simulator names");
  // Inactive: later specs' campaigns to everyone active expect only the people they added.
  await add.getByLabel("Active").uncheck();
  await add.getByRole("button", { name: "Add person" }).click();
  await expect(add.getByRole("status")).toHaveText(`Added Farah Simulated ${suffix}.`);

  // A number nobody has used starts with a neutral name, not someone else's.
  await page.goto(simulator(known));
  await expect(page.getByLabel("Profile name")).toHaveValue("Test phone");
  await page.getByLabel("Profile name").fill("Zoya");
  await sendAs(known, "first from Zoya");

  // Opened again without ?name=, the number carries the name it last sent with.
  await page.goto(simulator(known));
  await expect(page.getByLabel("Profile name")).toHaveValue("Zoya");
  // Another number, name untouched: the message goes with that number's employee, not as Zoya.
  await sendAs(employee, "from the employee's phone");
  await expect(page.getByLabel("Profile name")).toHaveValue(`Farah Simulated ${suffix}`);
  await sendAs(unknown, "from a stranger");
  await expect(page.getByLabel("Profile name")).toHaveValue("Test phone");
  await page.goto(`/inbox/${employee.slice(1)}`);
  await expect(page.getByRole("complementary", { name: "Contact" })).toContainText(`Farah Simulated ${suffix}`);
  await expect(page.getByRole("complementary", { name: "Contact" })).not.toContainText("Zoya");

  // A name the tester typed goes with whatever number they send from.
  await page.goto(simulator(known));
  await page.getByLabel("Profile name").fill("Zoya K");
  await sendAs(typed, "typed name");
  await expect(page.getByLabel("Profile name")).toHaveValue("Zoya K");
  await page.goto(simulator(typed));
  await expect(page.getByLabel("Profile name")).toHaveValue("Zoya K");
});

test("a reply outside the 24-hour window must be a template", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/inbox/14155550123");
  await expect(page.getByRole("note").filter({ hasText: "24-hour window is closed" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Message" })).toHaveCount(0);
  await page.getByLabel("Template Content SID").fill("HX123");
  await page.getByRole("button", { name: "Send template" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "HX followed by 32 hex characters" })).toBeVisible();
  await page.getByLabel("Template Content SID").fill(`HX${"a1".repeat(16)}`);
  await page.getByLabel("Variables (JSON)").fill('{"1": "Ravi"}');
  await page.getByRole("button", { name: "Send template" }).click();
  const sent = page.getByRole("list", { name: "Conversation" }).getByRole("listitem").filter({ hasText: "Template HX" });
  await expect(sent.locator("[data-status]")).toHaveAttribute("data-status", "read", { timeout: 15_000 });
});

test("a photo sent from the Simulator shows as a photo on the phone and in the conversation", async ({ page }) => {
  // No internet here: the photo's host is answered by the browser itself, with a real 2×1 PNG.
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAD0lEQVR4nGMQ2Nn4//9/AAwCBEinqGIBAAAAAElFTkSuQmCC", "base64");
  await page.route("https://media.example.com/**", (route) => route.fulfill({ status: 200, contentType: "image/png", body: png }));
  await signIn(page, ADMIN);
  await page.goto("/simulator");
  await page.getByLabel("Phone number").fill("+91 98765 43299");
  await page.getByLabel("Profile name").fill("Ravi");
  await page.getByLabel("Message").fill("Signed declaration");
  await page.getByRole("button", { name: "Add an image or a location" }).click();
  await page.getByLabel("Image URL").fill("https://media.example.com/declaration.png");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  const chat = page.getByRole("list", { name: "Chat" });
  await expect(chat).toContainText("Signed declaration");
  const onPhone = chat.getByRole("img", { name: "Photo you sent" });
  await expect(onPhone).toHaveAttribute("src", "https://media.example.com/declaration.png");
  await expect.poll(() => onPhone.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(2);

  await page.goto("/inbox/919876543299");
  const inThread = page.getByRole("list", { name: "Conversation" }).getByRole("img", { name: "Photo from Ravi (image/jpeg)" });
  await expect(inThread).toHaveAttribute("src", "https://media.example.com/declaration.png");
  await expect.poll(() => inThread.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(2);
});

test("a photo file attached in the Simulator is kept like Twilio media and shown on the phone and in the inbox", async ({ page }) => {
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAD0lEQVR4nGMQ2Nn4//9/AAwCBEinqGIBAAAAAElFTkSuQmCC", "base64");
  await signIn(page, ADMIN);
  await page.goto("/simulator");
  await page.getByLabel("Phone number").fill("+91 98765 43298");
  await page.getByLabel("Profile name").fill("Isha");
  await page.getByRole("button", { name: "Add an image or a location" }).click();

  // Too big for the Simulator: said at once, and Send waits for a smaller file.
  const photo = page.getByLabel("Photo from this phone");
  await photo.setInputFiles({ name: "huge.png", mimeType: "image/png", buffer: Buffer.alloc(2049 * 1024) });
  await expect(page.getByText("Photos sent from the Simulator can be up to 2,048 KB; this one is 2,049 KB.")).toBeVisible();
  await expect(photo).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("button", { name: "Send", exact: true })).toBeDisabled();

  // Just under the limit (past Next's default 1 MB action body): the PNG with padding after its end.
  await photo.setInputFiles({ name: "form.png", mimeType: "image/png", buffer: Buffer.concat([png, Buffer.alloc(2047 * 1024 - png.length)]) });
  await expect(page.getByRole("button", { name: "Send", exact: true })).toBeEnabled();
  await page.getByRole("button", { name: "Send", exact: true }).click();
  const onPhone = page.getByRole("list", { name: "Chat" }).getByRole("img", { name: "Photo you sent" });
  await expect(onPhone).toHaveAttribute("src", /^\/inbox\/media\/\d+\/0$/);
  await expect.poll(() => onPhone.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(2);

  await page.goto("/inbox/919876543298");
  const inThread = page.getByRole("list", { name: "Conversation" }).getByRole("img", { name: "Photo from Isha (image/png)" });
  await expect(inThread).toHaveAttribute("src", /^\/inbox\/media\/\d+\/0$/);
  await expect.poll(() => inThread.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(2);
});

test("staff, who cannot open Settings, are told to ask an admin to switch incoming messages on", async ({ page, browser }) => {
  const staff = { email: "simulator-staff@example.com", password: "simulator-staff-1" };
  await signIn(page, ADMIN);
  await addUser(page, staff);
  await page.goto("/settings");
  const incoming = page.getByRole("switch", { name: "Enable incoming messages" });
  await expect(incoming).toHaveAttribute("aria-checked", "true");
  await incoming.click();
  await expect(incoming).toHaveAttribute("aria-checked", "false");

  const staffContext = await browser.newContext();
  const staffPage = await staffContext.newPage();
  await signIn(staffPage, staff);
  await staffPage.goto("/simulator");
  await expect(staffPage.getByRole("note")).toHaveText("Incoming messages are off, so messages are stored without replies. Ask an admin to turn them on in Settings.");
  await expect(staffPage.getByRole("link", { name: "Turn them on in Settings" })).toHaveCount(0);
  await staffContext.close();

  await page.goto("/simulator");
  await expect(page.getByRole("note").getByRole("link", { name: "Turn them on in Settings" })).toBeVisible();
  await page.goto("/settings");
  await incoming.click();
  await expect(incoming).toHaveAttribute("aria-checked", "true");
});

test("inside the cooldown the Simulator answers HELP after HI, and says why small talk got no reply", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings");
  const incoming = page.getByRole("switch", { name: "Enable incoming messages" });
  if ((await incoming.getAttribute("aria-checked")) === "false") await incoming.click();
  await expect(incoming).toHaveAttribute("aria-checked", "true");
  // A long cooldown, so a slow browser cannot let it pass between two sends; the old value goes back after.
  const cooldown = page.getByLabel("Cooldown between auto-replies (seconds)");
  const before = await cooldown.inputValue();
  await cooldown.fill("60");
  await page.getByRole("button", { name: "Save limits" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Limits saved." })).toBeVisible();

  try {
    await page.goto("/simulator");
    await page.getByLabel("Phone number").fill("+91 98765 43277");
    await page.getByLabel("Profile name").fill("Kabir");
    const chat = page.getByRole("list", { name: "Chat" });
    const send = async (text: string) => {
      await page.getByLabel("Message").fill(text);
      await page.getByRole("button", { name: "Send", exact: true }).click();
      await expect(page.getByLabel("Message")).toHaveValue("");
    };
    await send("hi");
    await expect(chat).toContainText("Hello Kabir!");
    await expect(page).toHaveURL(/phone=%2B919876543277/);
    await send("help");
    await expect(chat).toContainText("Commands you can send:");
    await send("thanks!");
    await expect(page.getByText("Delivered, with no auto-reply: it is not a command and came within the 60-second cooldown after this number's last auto-reply, which holds back greetings, unrecognised text and keyword rules' replies (built-in commands such as HELP are still answered).")).toBeVisible();
    await expect(chat).toContainText("thanks!");
  } finally {
    await page.goto("/settings");
    await page.getByLabel("Cooldown between auto-replies (seconds)").fill(before);
    await page.getByRole("button", { name: "Save limits" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Limits saved." })).toBeVisible();
  }
});

test("a reply pasted past 1,600 characters is kept whole, counted, and refused on the message box instead of sent cut short", async ({ page, request }) => {
  await phoneSays(request, "+919876500077", "Please send me the full policy text");
  await signIn(page, ADMIN);
  await page.goto("/inbox/919876500077");
  const box = page.getByRole("textbox", { name: "Message" });
  const text = `${"Policy clause. ".repeat(113)}END`;
  expect(text.length).toBe(1698);
  await box.fill(text);
  await expect(box).toHaveValue(text);
  await expect(box).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("1,698 of 1,600 characters: 98 too many")).toBeVisible();
  await page.getByRole("button", { name: "Send reply" }).click();
  await expect(page.getByRole("form", { name: "Reply" }).getByRole("alert")).toHaveText("Replies can have at most 1600 characters");
  await expect(box).toBeFocused();
  await expect(box).toHaveValue(text);
  await expect(page.getByRole("list", { name: "Conversation" }).getByRole("listitem").filter({ hasText: "Policy clause." })).toHaveCount(0);

  await box.fill(text.slice(0, 1600));
  await expect(box).not.toHaveAttribute("aria-invalid");
  await expect(page.getByText("1,600 of 1,600 characters")).toBeVisible();
  await page.getByRole("button", { name: "Send reply" }).click();
  await expect(page.getByRole("list", { name: "Conversation" }).getByRole("listitem").filter({ hasText: "Policy clause." })).toHaveCount(1);
  await expect(box).toHaveValue("");
  await expect(page.getByText(/of 1,600 characters/)).toHaveCount(0);
});

test("Ctrl+Enter pressed twice in the reply box sends the reply once", async ({ page, request }) => {
  await phoneSays(request, "+919876500079", "Can you confirm my declaration was received?");
  await signIn(page, ADMIN);
  await page.goto("/inbox/919876500079");
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill("Yes, received on Monday.");
  await box.press("Control+Enter");
  await box.press("Control+Enter");
  const replies = page.getByRole("list", { name: "Conversation" }).getByRole("listitem").filter({ hasText: "Yes, received on Monday." });
  await expect(replies).toHaveCount(1);
  await expect(box).toHaveValue("");
  // Whatever a second submit would have stored is on the page once it is loaded again.
  await page.waitForLoadState("networkidle");
  await page.reload();
  await expect(page.getByRole("list", { name: "Conversation" })).toContainText("Can you confirm my declaration");
  await expect(replies).toHaveCount(1);
});

test("a WhatsApp name with no spaces wraps instead of widening a phone-sized screen", async ({ page, request }) => {
  const name = `Compliance${"X".repeat(70)}`;
  await phoneSays(request, "+919876500078", "hello", name);
  await page.setViewportSize({ width: 375, height: 740 });
  await signIn(page, ADMIN);
  for (const path of ["/inbox/919876500078", "/inbox?number=919876500078"]) {
    await page.goto(path);
    await expect(page.getByText(name).first()).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  }
});

test("a long unbroken link wraps on the Simulator's phone, and a long department on a person's page, at 375 px", async ({ page, request }) => {
  const link = `https://intranet.example.com/policies/${"a1b2c3d4".repeat(36)}`;
  await phoneSays(request, "+919876500080", `See ${link}`);
  await page.setViewportSize({ width: 375, height: 740 });
  await signIn(page, ADMIN);
  await page.goto("/simulator?phone=%2B919876500080");
  await expect(page.getByRole("list", { name: "Chat" })).toContainText(link);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

  await page.goto("/people");
  const add = page.getByRole("form", { name: "Add a person" });
  await add.getByLabel("Name").fill("Long Department");
  await add.getByLabel("Employee code").fill("LD80");
  await add.getByLabel("WhatsApp number").fill("+919876500080");
  await add.getByLabel("Department").fill("D".repeat(80));
  // Inactive: later specs' campaigns to everyone active expect only the people they added.
  await add.getByLabel("Active").uncheck();
  await add.getByRole("button", { name: "Add person" }).click();
  await expect(add.getByRole("status")).toHaveText("Added Long Department.");
  await page.goto("/people?q=LD80");
  await page.getByRole("link", { name: "Long Department" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Long Department" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
});

test("a refused Simulator message marks and focuses the input it is about", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/simulator");
  const phone = page.getByRole("form", { name: "Phone" });
  await phone.getByLabel("Phone number").fill("12");
  await phone.getByLabel("Message").fill("HELP");
  await phone.getByRole("button", { name: "Send" }).click();
  await expect(phone.getByLabel("Phone number")).toBeFocused();
  await expect(phone.getByLabel("Phone number")).toHaveAttribute("aria-invalid", "true");
  await expect(phone.getByLabel("Phone number")).toHaveAccessibleDescription(await phone.getByRole("alert").innerText());

  await phone.getByLabel("Phone number").fill("+919876500081");
  await phone.getByLabel("Message").fill("   ");
  await phone.getByRole("button", { name: "Send" }).click();
  await expect(phone.getByRole("alert")).toHaveText("Type a message, or add a photo or a location");
  await expect(phone.getByLabel("Message")).toBeFocused();
  await expect(phone.getByLabel("Message")).toHaveAttribute("aria-invalid", "true");
  await expect(phone.getByLabel("Phone number")).not.toHaveAttribute("aria-invalid");
});

test("outside the 24-hour window staff pick a template from Settings' list by name and fill in its variables", async ({ page }) => {
  const sid = `HX${"5e".repeat(16)}`;
  await signIn(page, ADMIN);
  await page.goto("/settings#templates");
  const add = page.getByRole("form", { name: "Add a template" });
  await add.getByLabel("Name").fill("Declaration reminder");
  await add.getByLabel("Content SID").fill("HX123");
  await add.getByRole("button", { name: "Add template" }).click();
  await expect(add.getByLabel("Content SID")).toHaveAttribute("aria-invalid", "true");
  await expect(add.getByRole("alert")).toHaveText("A template's Content SID looks like HX followed by 32 hex characters");
  await add.getByLabel("Content SID").fill(sid);
  await add.getByLabel("Variables").fill("Name, Due date");
  await add.getByRole("button", { name: "Add template" }).click();
  await expect(add.getByRole("status")).toHaveText("Template “Declaration reminder” added.");
  const listed = page.getByRole("list", { name: "Templates" }).getByRole("listitem").filter({ hasText: "Declaration reminder" });
  await expect(listed).toContainText("{{1}} Name · {{2}} Due date");
  await add.getByLabel("Name").fill("Same SID");
  await add.getByLabel("Content SID").fill(sid);
  await add.getByRole("button", { name: "Add template" }).click();
  await expect(add.getByRole("alert")).toHaveText("That Content SID is already listed as “Declaration reminder”");

  await page.goto("/inbox/14155550124");
  const reply = page.getByRole("form", { name: "Reply" });
  await expect(reply.getByLabel("Template", { exact: true })).toHaveValue(sid);
  await expect(reply.getByLabel("Template Content SID")).toHaveCount(0);
  await reply.getByLabel("Name {{1}}").fill("Ravi");
  // Left empty: the browser asks first; a form that gets through is refused on that field.
  await reply.getByLabel("Due date {{2}}").evaluate((input: HTMLInputElement) => (input.required = false));
  await reply.getByRole("button", { name: "Send template" }).click();
  await expect(reply.getByRole("alert")).toHaveText("Fill in “Due date” ({{2}})");
  await expect(reply.getByLabel("Due date {{2}}")).toBeFocused();
  await reply.getByLabel("Due date {{2}}").fill("30 Nov");
  await reply.getByRole("button", { name: "Send template" }).click();
  const sent = page.getByRole("list", { name: "Conversation" }).getByRole("listitem").filter({ hasText: `Template ${sid}` });
  await expect(sent).toContainText("Ravi");
  await expect(sent.locator("[data-status]")).toHaveAttribute("data-status", "read", { timeout: 15_000 });

  // "Another template" still takes any Content SID by hand.
  await reply.getByLabel("Template", { exact: true }).selectOption({ label: "Another template (type its Content SID)" });
  await expect(reply.getByLabel("Template Content SID")).toBeVisible();

  await page.goto("/settings#templates");
  await listed.getByRole("button", { name: "Delete template Declaration reminder" }).click();
  const confirm = page.getByRole("group", { name: "Confirm deleting template Declaration reminder" });
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await confirm.getByRole("button", { name: "Delete template" }).click();
  await expect(page.getByRole("heading", { name: "Message templates" })).toBeFocused();
  await expect(page.getByRole("list", { name: "Templates" })).toHaveCount(0);
  await expect(page.getByText("Template “Declaration reminder” deleted.")).toBeVisible();
});
