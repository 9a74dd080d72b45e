import type { Db } from "@/db/client";
import { acknowledge, latestOpenReminder } from "@/db/queries/campaigns";
import { acknowledgeExpiryReminder, latestOpenExpiryReminder } from "@/db/queries/jobs";
import type { Employee } from "@/db/schema";
import { formatDay } from "./dates";

/**
 * ACK: acknowledges the sender's latest unacknowledged reminder, a campaign's or a certificate
 * expiry reminder's (both ask for one), and thanks them.
 */
export function acknowledgeFromWhatsApp(db: Db, sender: Employee, messageSid: string, now: Date): string {
  const campaign = latestOpenReminder(db, sender.id);
  const expiry = latestOpenExpiryReminder(db, sender.id);
  if (expiry && (!campaign || expiry.createdAt.getTime() > campaign.createdAt.getTime())) {
    acknowledgeExpiryReminder(db, expiry, messageSid, now);
    return `Thank you, ${sender.name}. Your acknowledgement of the reminder that your ${expiry.certificateName} expires on ${formatDay(expiry.expiresOn)} is recorded.`;
  }
  if (!campaign) return `Thank you, ${sender.name}. There is no reminder waiting for your acknowledgement.`;
  acknowledge(db, campaign.id, messageSid, now);
  return `Thank you, ${sender.name}. Your acknowledgement of “${campaign.campaignName}” is recorded.`;
}
