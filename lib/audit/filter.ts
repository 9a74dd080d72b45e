import { z } from "zod";
import type { AuditCursor, AuditFilter } from "@/db/queries/audit";
import { firstValues, utcDayParam } from "@/lib/http/params";

/** The audit trail's kinds: an action's prefix up to its first dot, and what the filter calls it. */
export const AUDIT_KINDS = {
  "auth.": "Sign-ins",
  "settings.": "Settings",
  "user.": "Users",
  "rules.": "Keyword rules",
  "contacts.": "Block list",
  "inbox.": "Inbox",
  "people.": "People",
  "approvals.": "Approvals",
  "reminders.": "Reminders",
  "retention.": "Retention",
  "privacy.": "Privacy",
  "records.": "Record checks and exports",
} as const;

/** Actors without an account, as the Actor filter names them; a user is chosen by account id. */
export const OTHER_ACTORS = { system: "System (the server itself)", whatsapp: "Employees via WhatsApp", command: "Command line (npm run reset-password, purge…)" } as const;

// Bounded so a cursor always decodes to a valid Date and a safe integer; anything else restarts paging.
const cursor = z.string().regex(/^\d{1,15}-\d{1,15}$/).optional().catch(undefined);

const auditSearchSchema = z.object({
  audit: z.enum(Object.keys(AUDIT_KINDS) as [keyof typeof AUDIT_KINDS, ...(keyof typeof AUDIT_KINDS)[]]).optional().catch(undefined),
  actor: z
    .union([z.enum(Object.keys(OTHER_ACTORS) as [keyof typeof OTHER_ACTORS, ...(keyof typeof OTHER_ACTORS)[]]), z.string().regex(/^[1-9]\d{0,14}$/)])
    .optional()
    .catch(undefined),
  auditFrom: utcDayParam,
  auditTo: utcDayParam,
  auditBefore: cursor,
  auditAfter: cursor,
});

/** The audit trail's part of the Logs URL, validated: anything unknown or malformed is dropped, never an error. */
export type AuditSearch = z.infer<typeof auditSearchSchema>;

export const AUDIT_FILTER_KEYS = ["audit", "actor", "auditFrom", "auditTo"] as const;

export function parseAuditSearch(params: Record<string, string | string[] | undefined>): AuditSearch {
  const search = auditSearchSchema.parse(firstValues(params));
  // Days typed the wrong way round mean the days between them, as in the inbox.
  return search.auditFrom && search.auditTo && search.auditTo < search.auditFrom ? { ...search, auditFrom: search.auditTo, auditTo: search.auditFrom } : search;
}

export function encodeAuditCursor(cursor: AuditCursor): string {
  return `${cursor.at.getTime()}-${cursor.id}`;
}

export function decodeAuditCursor(value: string | undefined): AuditCursor | undefined {
  const match = value ? /^(\d{1,15})-(\d{1,15})$/.exec(value) : null;
  return match ? { at: new Date(Number(match[1])), id: Number(match[2]) } : undefined;
}

const DAY_MS = 86_400_000;

export function toAuditFilter(search: AuditSearch): AuditFilter & { before?: AuditCursor; after?: AuditCursor } {
  return {
    kind: search.audit,
    actor: search.actor === undefined ? undefined : search.actor in OTHER_ACTORS ? (search.actor as keyof typeof OTHER_ACTORS) : { userId: Number(search.actor) },
    from: search.auditFrom ? new Date(`${search.auditFrom}T00:00:00Z`) : undefined,
    // The To day is included: the range ends where the next day starts.
    to: search.auditTo ? new Date(Date.parse(`${search.auditTo}T00:00:00Z`) + DAY_MS) : undefined,
    before: decodeAuditCursor(search.auditBefore),
    after: decodeAuditCursor(search.auditAfter),
  };
}

export function hasAuditFilters(search: AuditSearch): boolean {
  return AUDIT_FILTER_KEYS.some((key) => Boolean(search[key]));
}

/** The filters alone, for the export link and its audit entry (paging is the page's, not the file's). */
export function auditFilterParams(search: AuditSearch): Record<(typeof AUDIT_FILTER_KEYS)[number], string | undefined> {
  return { audit: search.audit, actor: search.actor, auditFrom: search.auditFrom, auditTo: search.auditTo };
}
