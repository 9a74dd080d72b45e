import type { CampaignProgress } from "@/db/queries/campaigns";

export interface ProgressSummary {
  /** Recipients a message went to (the audience less those skipped as opted out). */
  reached: number;
  /** Messages that got as far as they will: sent (delivered, read) or failed. */
  settled: number;
  /** What the progress bar says it is doing. */
  label: "Sending" | "All sent" | "Nothing to send";
  /** Sent messages a purge or an erasure removed since: their recipients have nothing left to settle. */
  offRecord: number;
}

export function summariseProgress(progress: CampaignProgress): ProgressSummary {
  const reached = progress.total - progress.skipped;
  const settled = progress.sent + progress.failed;
  const label = progress.queued > 0 ? "Sending" : reached === 0 ? "Nothing to send" : "All sent";
  return { reached, settled, label, offRecord: progress.offRecord };
}
