import type { CampaignProgress } from "@/db/queries/campaigns";
import { REFUSALS, UNSUBSCRIBED } from "@/lib/outbound/queue";

const number = (value: number) => value.toLocaleString("en");

export interface ProgressSummary {
  /** Recipients a message went to (the audience less those skipped as opted out). */
  reached: number;
  /** Messages that got as far as they will: sent (delivered, read), failed, or refused (never sent). */
  settled: number;
  /**
   * What the progress bar says: "Sending", "Nothing to send", "All sent" when every message went
   * out, otherwise how many went and how many did not ("1 sent, 1 not sent"): a refusal or a
   * failure is never counted as sent.
   */
  label: string;
  /** "1 of 2 sent": what the bar fills to (its other segments are the failed and the not sent). */
  sentLine: string;
  /** Sent messages a purge or an erasure removed since: their recipients have nothing left to settle. */
  offRecord: number;
}

export function summariseProgress(progress: CampaignProgress): ProgressSummary {
  const reached = progress.total - progress.skipped;
  const settled = progress.sent + progress.failed + progress.refused;
  const label =
    progress.queued > 0
      ? "Sending"
      : reached === 0
        ? "Nothing to send"
        : progress.failed === 0 && progress.refused === 0
          ? "All sent"
          : [`${number(progress.sent)} sent`, progress.failed ? `${number(progress.failed)} failed` : "", progress.refused ? `${number(progress.refused)} not sent` : ""].filter(Boolean).join(", ");
  return { reached, settled, label, sentLine: `${number(progress.sent)} of ${number(reached)} sent`, offRecord: progress.offRecord };
}

/** The empty "Not acknowledged" list's sentence once everyone sent it has replied ACK. */
export function everyoneAcknowledged(messaged: number): string {
  return messaged === 1 ? "The 1 person who was sent it replied ACK." : `All ${number(messaged)} who were sent it replied ACK.`;
}

/** A refused message's reason as the campaign page's "Not sent" line words it. */
export function refusalLabel(reason: string | null): string {
  if (reason === REFUSALS.outsideWindow) return "outside the 24-hour window";
  if (reason === REFUSALS.optedOut || reason === UNSUBSCRIBED) return "opted out";
  if (reason === REFUSALS.blocked) return "blocked";
  return "refused";
}

/** "1 (outside the 24-hour window)", "3 (2 outside the 24-hour window, 1 blocked)": the refused, by reason, most first. */
export function notSentSummary(reasons: (string | null)[]): string {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(refusalLabel(reason), (counts.get(refusalLabel(reason)) ?? 0) + 1);
  const byCount = [...counts].sort(([, a], [, b]) => b - a);
  const [only] = byCount;
  if (!only) return "0";
  if (byCount.length === 1) return `${number(reasons.length)} (${only[0]})`;
  return `${number(reasons.length)} (${byCount.map(([label, count]) => `${number(count)} ${label}`).join(", ")})`;
}
