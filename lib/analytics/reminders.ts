import type { Db } from "@/db/client";
import { campaignProgress, campaignsBetween } from "@/db/queries/campaigns";
import type { Period } from "./period";

export interface ReminderAckRow {
  id: number;
  name: string;
  /**
   * Recipients a reminder reached: people skipped as opted out were never asked to ACK, and those
   * the send queue refused (the campaign page's "Not sent") were never sent it.
   */
  sentTo: number;
  read: number;
  acknowledged: number;
  /** acknowledged / sentTo, or null when nobody could be asked (no rate rather than 0 %). */
  ackRate: number | null;
}

/**
 * The analytics page's reminder ACK rates: the `shown` most recent campaigns created in the period,
 * each with its own progress query (campaigns are few; messages are not scanned). One more is read
 * only to say there are more.
 */
export function reminderAckRates(db: Db, period: Pick<Period, "from" | "to">, shown: number): { campaigns: ReminderAckRow[]; more: boolean } {
  const inPeriod = campaignsBetween(db, new Date(period.from), new Date(period.to), shown + 1);
  const campaigns = inPeriod.slice(0, shown).map((campaign) => {
    const progress = campaignProgress(db, campaign.id);
    // As the campaign page counts it: reached (total less skipped) less not sent (refused).
    const sentTo = progress.total - progress.skipped - progress.refused;
    return { id: campaign.id, name: campaign.name, sentTo, read: progress.read, acknowledged: progress.acknowledged, ackRate: sentTo > 0 ? progress.acknowledged / sentTo : null };
  });
  return { campaigns, more: inPeriod.length > shown };
}
