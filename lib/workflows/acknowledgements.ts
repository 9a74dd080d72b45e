import type { Db } from "@/db/client";
import { acknowledge, latestOpenReminder } from "@/db/queries/campaigns";
import { acknowledgeExpiryReminder, latestOpenExpiryReminder } from "@/db/queries/jobs";
import type { Employee } from "@/db/schema";
import { fillAnswer, type RecordAnswerTexts } from "@/lib/commands/replies";
import { formatDay } from "./dates";

/**
 * ACK: acknowledges the sender's latest unacknowledged reminder, a campaign's or a certificate
 * expiry reminder's (both ask for one), and thanks them.
 */
export function acknowledgeFromWhatsApp(db: Db, sender: Employee, messageSid: string, now: Date, texts: RecordAnswerTexts): string {
  const campaign = latestOpenReminder(db, sender.id);
  const expiry = latestOpenExpiryReminder(db, sender.id);
  if (expiry && (!campaign || expiry.createdAt.getTime() > campaign.createdAt.getTime())) {
    acknowledgeExpiryReminder(db, expiry, messageSid, now);
    return fillAnswer(texts.ackExpiry, { name: sender.name, certificate: expiry.certificateName, date: formatDay(expiry.expiresOn) });
  }
  if (!campaign) return fillAnswer(texts.ackNone, { name: sender.name });
  acknowledge(db, campaign.id, messageSid, now);
  return fillAnswer(texts.ackCampaign, { name: sender.name, reminder: campaign.campaignName });
}
