import { describe, expect, it } from "vitest";
import { approvalTemplateStep, decisionChannel } from "./approval-text";

describe("approvals wording", () => {
  it("says WhatsApp as it is spelt", () => {
    expect(decisionChannel("whatsapp")).toBe("WhatsApp");
  });

  it("names the approval template's field where Settings shows it, and whom staff ask", () => {
    expect(approvalTemplateStep("admin")).toBe("Set the “Approval request template Content SID” in Settings → Reminders and approval notices.");
    expect(approvalTemplateStep("staff")).toBe("Ask an admin to set the “Approval request template Content SID” in Settings → Reminders and approval notices.");
  });
});
