import { z } from "zod";
import { firstValues, utcDayParam } from "@/lib/http/params";
import type { Cursor, InboxFilter } from "@/db/queries/inbox";
import { decodeCursor } from "./phone-path";

export const DIRECTIONS = { received: "inbound", sent: "outbound" } as const;
export const STATUSES = ["received", "queued", "sent", "delivered", "read", "failed", "undelivered", "refused"] as const;
export const FLAGS = { any: "Any flag", disabled: "Incoming off", blocked: "Blocked", rate_limited: "Over daily limit", cooldown: "Cooldown", opted_out: "Opted out" } as const;
export const BUILT_IN_COMMANDS = ["HI", "HELP", "STATUS", "PENDING", "NISM", "ACK", "APPROVE", "REJECT", "STOP", "START", "OTHER"] as const;

const day = utcDayParam;
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .catch(undefined)
    .transform((value) => value || undefined);

const searchSchema = z.object({
  direction: z.enum(["all", "received", "sent"]).catch("all").default("all"),
  status: z.enum(STATUSES).optional().catch(undefined),
  command: text(120),
  number: text(40),
  from: day,
  to: day,
  handled: z.enum(["open", "handled"]).optional().catch(undefined),
  flag: z.enum(Object.keys(FLAGS) as [keyof typeof FLAGS, ...(keyof typeof FLAGS)[]]).optional().catch(undefined),
  q: text(200),
  before: z.string().optional().catch(undefined),
  after: z.string().optional().catch(undefined),
});

export type InboxSearch = z.infer<typeof searchSchema>;

const FILTER_KEYS = ["direction", "status", "command", "number", "from", "to", "handled", "flag", "q"] as const;

/** The inbox URL's query, validated: anything unknown or malformed is ignored rather than an error page. */
export function parseInboxSearch(params: Record<string, string | string[] | undefined>): InboxSearch {
  const search = searchSchema.parse(firstValues(params));
  // Days typed the wrong way round mean the days between them, not an empty list with no reason.
  return search.from && search.to && search.to < search.from ? { ...search, from: search.to, to: search.from } : search;
}

/** Digits a number filter needs before it can narrow anything down. */
export const MIN_NUMBER_DIGITS = 3;

function numberDigits(number: string | undefined): string | undefined {
  const digits = number?.replace(/[^\d]/g, "") ?? "";
  return digits.length >= MIN_NUMBER_DIGITS ? digits : undefined;
}

/** Why the Number filter cannot be applied as typed, or null: said on the page instead of ignoring it. */
export function numberProblem(search: Pick<InboxSearch, "number">): string | null {
  return search.number && !numberDigits(search.number) ? `Enter at least ${MIN_NUMBER_DIGITS} digits of the number.` : null;
}

export function toFilter(search: InboxSearch): InboxFilter & { before?: Cursor; after?: Cursor } {
  return {
    direction: search.direction === "all" ? undefined : DIRECTIONS[search.direction],
    status: search.status,
    command: search.command,
    numberDigits: numberDigits(search.number),
    from: search.from ? new Date(`${search.from}T00:00:00Z`) : undefined,
    // The "to" day is included: the range ends at the start of the next day.
    to: search.to ? new Date(Date.parse(`${search.to}T00:00:00Z`) + 86_400_000) : undefined,
    handled: search.handled,
    flag: search.flag,
    q: search.q,
    before: decodeCursor(search.before),
    after: decodeCursor(search.after),
  };
}

/** The query string for these filters (without paging), plus any overrides. */
export function searchQuery(search: InboxSearch, overrides: Partial<Record<(typeof FILTER_KEYS)[number] | "before" | "after", string | undefined>> = {}): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = key in overrides ? overrides[key] : search[key];
    if (value && !(key === "direction" && value === "all")) params.set(key, value);
  }
  for (const key of ["before", "after"] as const) if (overrides[key]) params.set(key, overrides[key]!);
  const query = params.toString();
  return query ? `?${query}` : "";
}

export function hasFilters(search: InboxSearch): boolean {
  return FILTER_KEYS.some((key) => key !== "direction" && Boolean(search[key]));
}

/**
 * The Command filter's choices: the built-in commands, today's rules, and the one in the URL even
 * when its rule has since been deleted or renamed (old messages keep it), so applying other
 * filters does not silently drop it.
 */
export function commandChoices(ruleCommands: readonly string[], current: string | undefined): string[] {
  const choices = [...BUILT_IN_COMMANDS, ...ruleCommands];
  return current && !choices.includes(current) ? [...choices, current] : choices;
}
