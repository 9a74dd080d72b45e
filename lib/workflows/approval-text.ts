import type { Role } from "@/db/schema";

/** How a decision reached us, as the Approvals page says it ("via WhatsApp"); stored lowercase. */
export function decisionChannel(via: string): string {
  return via === "whatsapp" ? "WhatsApp" : via;
}

/**
 * What to do when "Notify approver" is refused for want of an approval template: the field is in
 * Settings' “Reminders and approval notices” section (beside the reminder template), named as it is labelled
 * there. Only admins can open Settings; staff are told whom to ask.
 */
export function approvalTemplateStep(role: Role): string {
  const field = "“Approval request template Content SID” in Settings → Reminders and approval notices";
  return role === "admin" ? `Set the ${field}.` : `Ask an admin to set the ${field}.`;
}
