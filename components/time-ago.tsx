const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];
const formatter = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

export function relativeTime(date: Date, now = new Date()): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  // A time to come is rounded down: "closes in 2 hours" must not be said with 1 h 31 min left.
  const count = (size: number) => (seconds > 0 ? Math.floor(seconds / size) : Math.round(seconds / size));
  for (const [unit, size] of UNITS) if (Math.abs(seconds) >= size) return formatter.format(count(size), unit);
  return Math.abs(seconds) < 10 ? "just now" : formatter.format(seconds, "second");
}

/** "2026-03-01 10:04:05 UTC": to the second, as compliance records need it. */
export function exactUtc(date: Date): string {
  return `${date.toISOString().replace("T", " ").slice(0, 19)} UTC`;
}

/** Relative time, with the exact UTC time on hover. */
export function TimeAgo({ date }: { date: Date }) {
  return (
    <time dateTime={date.toISOString()} title={exactUtc(date)} className="whitespace-nowrap tabular-nums">
      {relativeTime(date)}
    </time>
  );
}
