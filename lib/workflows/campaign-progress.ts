import type { CampaignProgress } from "@/db/queries/campaigns";
import { REFUSALS, UNSUBSCRIBED } from "@/lib/outbound/queue";

export interface ProgressSummary {
  /** Recipients a message went to (the audience less those skipped as opted out). */
  reached: number;
  /** Messages that got as far as they will: sent (delivered, read), failed, or refused (never sent). */
  settled: number;
  /** What the progress bar says it is doing. */
  label: "Sending" | "All sent" | "Nothing to send";
  /** Sent messages a purge or an erasure removed since: their recipients have nothing left to settle. */
  offRecord: number;
}

export function summariseProgress(progress: CampaignProgress): ProgressSummary {
  const reached = progress.total - progress.skipped;
  const settled = progress.sent + progress.failed + progress.refused;
  const label = progress.queued > 0 ? "Sending" : reached === 0 ? "Nothing to send" : "All sent";
  return { reached, settled, label, offRecord: progress.offRecord };
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
  if (byCount.length === 1) return `${reasons.length} (${only[0]})`;
  return `${reasons.length} (${byCount.map(([label, count]) => `${count} ${label}`).join(", ")})`;
}
