import type { Db } from "@/db/client";
import { acknowledge, latestOpenReminder } from "@/db/queries/campaigns";
import type { Employee } from "@/db/schema";

/** ACK: acknowledges the sender's latest unacknowledged reminder and thanks them. */
export function acknowledgeFromWhatsApp(db: Db, sender: Employee, messageSid: string, now: Date): string {
  const reminder = latestOpenReminder(db, sender.id);
  if (!reminder) return `Thank you, ${sender.name}. There is no reminder waiting for your acknowledgement.`;
  acknowledge(db, reminder.id, messageSid, now);
  return `Thank you, ${sender.name}. Your acknowledgement of “${reminder.campaignName}” is recorded.`;
}
