import { z } from "zod";

/** A "YYYY-MM-DD" UTC day from a query string; anything else is dropped rather than an error. */
export const utcDayParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  // Round-trips, so 2026-02-31 (which Date.parse takes as 3 March) is no day at all.
  .refine((value) => {
    const parsed = Date.parse(`${value}T00:00:00Z`);
    return !Number.isNaN(parsed) && new Date(parsed).toISOString().slice(0, 10) === value;
  })
  .optional()
  .catch(undefined);

/** Next hands repeated query parameters over as arrays; filters read the first. */
export function firstValues(params: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]));
}
