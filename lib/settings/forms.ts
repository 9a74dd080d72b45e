import { z } from "zod";

/**
 * A number typed into a settings form. Text that is no number at all ("abc", "1,5") is refused
 * with `notNumber`: zod's own "expected number, received NaN" must never reach the page.
 */
export function numberField(notNumber: string) {
  return z.coerce.number({ error: notNumber });
}

export const LEAD_DAYS_MAX = 365;
export const LEAD_TIMES_MAX = 10;
const LEAD_DAYS_EXAMPLE = "e.g. 30, 7, 1";

/**
 * Settings → Reminders and approval notices: the expiry reminders' lead times: whole days before expiry, separated by commas or
 * spaces, each said once and soonest last (the order the daily check goes by). A typo such as
 * "30;7" is refused naming the part that is not a number and how to separate them.
 */
export const leadDaysText = z.string().transform((text, context) => {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const refuse = (message: string) => {
    context.addIssue({ code: "custom", message });
    return z.NEVER;
  };
  if (parts.length === 0) return refuse(`Give at least one lead time in days, ${LEAD_DAYS_EXAMPLE}`);
  const days: number[] = [];
  for (const part of parts) {
    const value = Number(part);
    if (!Number.isFinite(value)) return refuse(`“${part.slice(0, 20)}” is not a number of days. Separate lead times with commas, ${LEAD_DAYS_EXAMPLE}`);
    if (!Number.isInteger(value)) return refuse(`Lead times are whole days (“${part.slice(0, 20)}” is not), ${LEAD_DAYS_EXAMPLE}`);
    if (value < 0 || value > LEAD_DAYS_MAX) return refuse(`Lead times are from 0 to ${LEAD_DAYS_MAX} days (“${part.slice(0, 20)}” is not)`);
    days.push(value);
  }
  const distinct = [...new Set(days)].sort((a, b) => b - a);
  if (distinct.length > LEAD_TIMES_MAX) return refuse(`At most ${LEAD_TIMES_MAX} lead times`);
  return distinct;
});

/** Settings → Limits. */
export const limitsInput = z.object({
  dailyLimit: numberField("Enter the daily limit as a whole number, e.g. 50")
    .int("Use a whole number for the daily limit")
    .min(1, "The daily limit must be at least 1")
    .max(100_000, "The daily limit can be at most 100,000"),
  cooldownSeconds: numberField("Enter the cooldown in seconds, e.g. 2")
    .min(0, "The cooldown cannot be negative")
    .max(86_400, "The cooldown can be at most a day (86,400 s)"),
  sendRatePerSecond: numberField("Enter the send rate as a whole number, e.g. 10")
    .int("Use a whole number for the send rate")
    .min(1, "The send rate must be at least 1 per second")
    .max(1000, "The send rate can be at most 1,000 per second"),
});

/** One of Settings → Retention's periods, in days. */
export const retentionPeriod = numberField("Enter a number of days, from 1 to 36,500")
  .int("Whole days")
  .min(1, "At least 1 day")
  .max(36_500, "At most 36,500 days (100 years)");
