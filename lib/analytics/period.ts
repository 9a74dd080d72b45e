import { z } from "zod";
import { firstValues, utcDayParam } from "@/lib/http/params";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
const MAX_CUSTOM_SPAN_MS = 5 * 365 * DAY_MS;

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
}

const schema = z.object({ period: z.enum(Object.keys(PERIODS) as [PeriodKey, ...PeriodKey[]]).catch("7d").default("7d"), from: utcDayParam, to: utcDayParam });

function bucketFor(spanMs: number): Pick<Period, "bucketMs" | "bucketLabel"> {
  if (spanMs <= 2 * DAY_MS) return { bucketMs: HOUR_MS, bucketLabel: "hour" };
  if (spanMs <= 92 * DAY_MS) return { bucketMs: DAY_MS, bucketLabel: "day" };
  return { bucketMs: 7 * DAY_MS, bucketLabel: "week" };
}

/** The period in the URL (?period=7d, or ?period=custom&from=…&to=… as UTC days, both included). */
export function parsePeriod(params: Record<string, string | string[] | undefined>, now = Date.now()): Period {
  const parsed = schema.parse(firstValues(params));
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
    if (to - from > MAX_CUSTOM_SPAN_MS) {
      from = to - MAX_CUSTOM_SPAN_MS;
      const shownFrom = new Date(from).toISOString().slice(0, 10);
      const shownTo = new Date(to - DAY_MS).toISOString().slice(0, 10);
      return { key: "custom", label: `${shownFrom} – ${shownTo} (custom ranges cover at most 5 years)`, from, to, customFrom: shownFrom, customTo: shownTo, ...bucketFor(to - from) };
    }
    return { key: "custom", label: `${firstDay} – ${lastDay}`, from, to, customFrom: firstDay, customTo: lastDay, ...bucketFor(to - from) };
  }
  const key = parsed.period === "custom" ? "7d" : parsed.period;
  const from = ranges[key];
  return { key, label: PERIODS[key], from, to: endOfThisHour, ...(key === "today" ? { bucketMs: HOUR_MS, bucketLabel: "hour" as const } : bucketFor(endOfThisHour - from)) };
}
