import { z } from "zod";
import { firstValues, utcDayParam } from "@/lib/http/params";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
const MAX_CUSTOM_YEARS = 5;

export const PERIODS = { today: "Today", "7d": "7 days", "30d": "30 days", "12m": "12 months", custom: "Custom" } as const;
export type PeriodKey = keyof typeof PERIODS;

export interface Period {
  key: PeriodKey;
  label: string;
  /** [from, to) in ms, whole UTC hours. */
  from: number;
  to: number;
  bucketMs: number;
  bucketLabel: "hour" | "day" | "week";
  customFrom?: string;
  customTo?: string;
  /** Why the page shows something other than what the URL asked for (an unreadable custom range). */
  notice?: string;
}

const schema = z.object({ period: z.enum(Object.keys(PERIODS) as [PeriodKey, ...PeriodKey[]]).catch("7d").default("7d"), from: utcDayParam, to: utcDayParam });

function bucketFor(spanMs: number): Pick<Period, "bucketMs" | "bucketLabel"> {
  if (spanMs <= 2 * DAY_MS) return { bucketMs: HOUR_MS, bucketLabel: "hour" };
  if (spanMs <= 92 * DAY_MS) return { bucketMs: DAY_MS, bucketLabel: "day" };
  return { bucketMs: 7 * DAY_MS, bucketLabel: "week" };
}

/** The first day a custom range ending (exclusive) at `to` may start on: 5 calendar years, both ends included. */
function earliestFrom(to: number): number {
  const start = new Date(to);
  start.setUTCFullYear(start.getUTCFullYear() - MAX_CUSTOM_YEARS);
  return start.getTime();
}

/** What the URL asked for that could not be read, said instead of silently showing 7 days. */
function unreadNotice(raw: Record<string, string | undefined>, parsed: z.infer<typeof schema>): string | undefined {
  const shown = (text: string) => `“${text.slice(0, 20)}”`;
  if (raw.period !== undefined && !Object.hasOwn(PERIODS, raw.period)) return `${shown(raw.period)} is not a period: showing the last 7 days.`;
  if (parsed.period !== "custom" || (parsed.from && parsed.to)) return undefined;
  const unread = (["from", "to"] as const).filter((key) => !parsed[key]).map((key) => `${key === "from" ? "From" : "To"} ${raw[key] ? `${shown(raw[key])} is not a date` : "is missing"}`);
  return `The custom range could not be read (${unread.join("; ")}): showing the last 7 days. Give both days, as YYYY-MM-DD.`;
}

/**
 * The period in the URL (?period=7d, or ?period=custom&from=…&to=… as UTC days, both included).
 * A custom range covers at most 5 calendar years (2021-11-27 to 2026-11-26 is exactly that).
 */
export function parsePeriod(params: Record<string, string | string[] | undefined>, now = Date.now()): Period {
  const raw = firstValues(params);
  const parsed = schema.parse(raw);
  const startOfToday = now - (now % DAY_MS);
  const endOfThisHour = now - (now % HOUR_MS) + HOUR_MS;
  const ranges: Record<Exclude<PeriodKey, "custom">, number> = {
    today: startOfToday,
    "7d": startOfToday - 6 * DAY_MS,
    "30d": startOfToday - 29 * DAY_MS,
    "12m": startOfToday - 364 * DAY_MS,
  };
  if (parsed.period === "custom" && parsed.from && parsed.to) {
    // Days typed the wrong way round mean the range between them: shown (label and fields) in order,
    // so the page never says "27 Nov – 20 Nov" over figures for 20–27 Nov.
    const [firstDay, lastDay] = parsed.to < parsed.from ? [parsed.to, parsed.from] : [parsed.from, parsed.to];
    let from = Date.parse(`${firstDay}T00:00:00Z`);
    const to = Date.parse(`${lastDay}T00:00:00Z`) + DAY_MS;
    // Weekly buckets over centuries would render half a million points: the last 5 years at most.
    if (from < earliestFrom(to)) {
      from = earliestFrom(to);
      const shownFrom = new Date(from).toISOString().slice(0, 10);
      const shownTo = new Date(to - DAY_MS).toISOString().slice(0, 10);
      return { key: "custom", label: `${shownFrom} – ${shownTo} (custom ranges cover at most 5 years)`, from, to, customFrom: shownFrom, customTo: shownTo, ...bucketFor(to - from) };
    }
    return { key: "custom", label: `${firstDay} – ${lastDay}`, from, to, customFrom: firstDay, customTo: lastDay, ...bucketFor(to - from) };
  }
  const key = parsed.period === "custom" ? "7d" : parsed.period;
  const from = ranges[key];
  const notice = unreadNotice(raw, parsed);
  return {
    key,
    label: PERIODS[key],
    from,
    to: endOfThisHour,
    ...(key === "today" ? { bucketMs: HOUR_MS, bucketLabel: "hour" as const } : bucketFor(endOfThisHour - from)),
    ...(notice ? { notice } : {}),
  };
}
