import type { Db } from "@/db/client";
import { countOnDay, countsByKind, dailyVolume, hourlyVolume, latencyHistogram, optedOutPeople, statusTotals, topErrors, uniqueSenders, type Range } from "@/db/queries/analytics";
import { describeTwilioError } from "@/lib/twilio/errors";
import { DAY_MS, type Period } from "./period";

export interface AnalyticsReport {
  today: { received: number; sent: number };
  totals: { received: number; sent: number; uniqueSenders: number; optOuts: number; failures: number; replyRate: number | null; medianLatency: string | null };
  commands: { command: string; count: number }[];
  volume: { start: number; received: number; sent: number }[];
  /** `attempted`: every outbound message but those refused before sending, the funnel's 100%. */
  funnel: { total: number; attempted: number; sent: number; delivered: number; read: number; failed: number; undelivered: number; refused: number; pending: number };
  errors: { code: number; count: number; meaning: string }[];
}

const COMMAND_LABELS: Record<string, string> = { HI: "HI / HELLO", HELP: "HELP / MENU", OTHER: "Other" };

export function latencyLabel(bucket: number): string {
  if (bucket === 0) return "over a day";
  if (bucket < 60) return `under ${bucket} s`;
  if (bucket < 3600) return `under ${bucket / 60} min`;
  return `under ${bucket / 3600} h`;
}

function medianBucket(histogram: { bucket: number; count: number }[]): string | null {
  const sorted = [...histogram].sort((a, b) => (a.bucket || Infinity) - (b.bucket || Infinity));
  const count = sorted.reduce((sum, row) => sum + row.count, 0);
  if (count === 0) return null;
  let seen = 0;
  for (const row of sorted) {
    seen += row.count;
    if (seen * 2 >= count) return latencyLabel(row.bucket);
  }
  return null;
}

/** Everything the analytics page shows, from the read models only: no query here touches messages. */
export function analyticsReport(db: Db, period: Period, now = Date.now()): AnalyticsReport {
  const range: Range = { from: period.from, to: period.to };
  const kinds = countsByKind(db, range);
  const statuses = statusTotals(db, range);
  const status = (name: string) => statuses.get(name) ?? 0;
  const inbound = kinds.filter((row) => row.direction === "inbound");
  const received = inbound.reduce((sum, row) => sum + row.count, 0);
  const sent = kinds.filter((row) => row.direction === "outbound").reduce((sum, row) => sum + row.count, 0);
  const replies = kinds.find((row) => row.direction === "outbound" && row.kind === "reply")?.count ?? 0;

  const today = Math.floor(now / DAY_MS);

  const buckets = new Map<number, { start: number; received: number; sent: number }>();
  for (let start = period.from; start < period.to; start += period.bucketMs) buckets.set(start, { start, received: 0, sent: 0 });
  for (const row of period.bucketMs < DAY_MS ? hourlyVolume(db, range) : dailyVolume(db, range)) {
    const start = period.from + Math.floor((row.start - period.from) / period.bucketMs) * period.bucketMs;
    const bucket = buckets.get(start);
    if (bucket) bucket[row.direction === "inbound" ? "received" : "sent"] += row.count;
  }

  return {
    today: { received: countOnDay(db, today, "inbound"), sent: countOnDay(db, today, "outbound") },
    totals: {
      received,
      sent,
      uniqueSenders: uniqueSenders(db, range),
      optOuts: optedOutPeople(db, range),
      failures: status("failed") + status("undelivered"),
      replyRate: received > 0 ? replies / received : null,
      medianLatency: medianBucket(latencyHistogram(db, range)),
    },
    commands: inbound
      .filter((row) => row.kind !== "")
      .map((row) => ({ command: COMMAND_LABELS[row.kind] ?? row.kind.replace(/^RULE:/, "Rule: "), count: row.count }))
      .sort((a, b) => b.count - a.count),
    volume: [...buckets.values()],
    funnel: {
      total: [...statuses.values()].reduce((sum, value) => sum + value, 0),
      attempted: [...statuses.values()].reduce((sum, value) => sum + value, 0) - status("refused"),
      sent: status("sent") + status("delivered") + status("read"),
      delivered: status("delivered") + status("read"),
      read: status("read"),
      failed: status("failed"),
      undelivered: status("undelivered"),
      refused: status("refused"),
      pending: status("queued") + status("sending") + status("accepted") + status("scheduled"),
    },
    errors: topErrors(db, range, 6).map((row) => ({ code: row.errorCode, count: row.count, meaning: describeTwilioError(row.errorCode) ?? "" })),
  };
}
