import { expect, test } from "@playwright/test";
import { inboundParams } from "../tests/support/twilio-fixtures";
import { ADMIN } from "./credentials";
import { signIn } from "./helpers";
import { postSigned } from "./twilio";

test("HELP names the admin's keyword rules, as Settings explains", async ({ page, request }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings");
  const incoming = page.getByRole("switch", { name: "Enable incoming messages" });
  if ((await incoming.getAttribute("aria-checked")) === "false") await incoming.click();
  await expect(incoming).toHaveAttribute("aria-checked", "true");
  await expect(page.getByRole("region", { name: "Auto-replies" })).toContainText("{keywords} becomes “Also: …” with the keywords of your enabled keyword rules");
  await expect(page.getByRole("region", { name: "Auto-replies" })).toContainText("{approvals} becomes the lines “APPROVE <number> – approve a request”");

  const addRule = page.getByRole("form", { name: "Add a keyword rule" });
  await addRule.getByLabel("Keyword").fill("dress code");
  await addRule.getByLabel("Reply").fill("Business formal on client days.");
  await addRule.getByRole("button", { name: "Add rule" }).click();
  await expect(page.getByRole("list", { name: "Keyword rules" })).toContainText("DRESS CODE");

  const help = await postSigned(request, "/api/twilio/incoming", inboundParams({ Body: "HELP", From: "whatsapp:+919800000061" }));
  expect(help.text).toContain("HELP – this list\nAlso: DRESS CODE</Message>");

  await page.getByRole("button", { name: "Delete rule DRESS CODE" }).click();
  await page.getByRole("group", { name: "Confirm deleting rule DRESS CODE" }).getByRole("button", { name: "Delete rule" }).click();
  await expect(page.getByRole("list", { name: "Keyword rules" })).toHaveCount(0);
});
