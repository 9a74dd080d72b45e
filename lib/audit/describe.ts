import { exactUtc } from "@/components/time-ago";
import type { AuditEntry } from "@/db/schema";
import { AUDIT_KINDS, OTHER_ACTORS } from "./filter";

/**
 * How the audit trail reads on screen: who or what each entry is about, and its before/after as
 * words. Only a reading of what the row stores; the CSV export keeps the raw record.
 */

/** One value as shown: plain text (a time also carries its ISO form), or a summary with the full value to expand. */
export type AuditValue = { text: string; dateTime?: string } | { summary: string; full: string };

/** A field of the entry: changed (`before` → `after`), or a single fact (only one of them). */
export interface AuditField {
  label: string;
  before?: AuditValue;
  after?: AuditValue;
}

export interface AuditDescription {
  /** Who or what the change was made to; null only for an entry that stores nothing to name. */
  subject: string | null;
  fields: AuditField[];
}

/** Names the page resolved in one query, for ids an entry stores without a name. */
export interface AuditNames {
  employees: ReadonlyMap<number, string>;
}

export type DescribableEntry = Pick<AuditEntry, "action" | "target" | "before" | "after">;

const NO_NAMES: AuditNames = { employees: new Map() };

type Record_ = Record<string, unknown>;

function isRecord(value: unknown): value is Record_ {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const ACRONYMS: Record<string, string> = { sid: "SID", sha256: "SHA-256", csv: "CSV", ip: "IP", url: "URL", id: "ID", utc: "UTC" };
const LABELS: Record<string, string> = {
  employeeId: "Employee",
  approverId: "Approver",
  managerId: "Manager",
  errorLog: "Error log entries",
  statusEvents: "Delivery events",
  heldMessages: "Messages under legal hold (kept)",
  skippedOptedOut: "Skipped (opted out)",
  messageSid: "MessageSid",
  messagesRead: "Messages read",
  why: "Why",
  auditFrom: "From",
  auditTo: "To",
  audit: "Kind",
  hold: "Hold",
  to: "To",
};

/** "webhookTokenRotatedAt" → "Webhook token rotated at", "csvSha256" → "CSV SHA-256". */
export function fieldLabel(key: string): string {
  const known = LABELS[key];
  if (known) return known;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_.]+/g, " ")
    .trim()
    .split(/\s+/)
    .map((word) => ACRONYMS[word.toLowerCase()] ?? word.toLowerCase());
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Ids of people (employees) an entry may store without their name. */
const PERSON_IDS: ReadonlySet<string> = new Set(["employeeId", "approverId", "managerId"]);

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
// Epoch milliseconds between 2001 and 2286: a count stored under an "…At" key is never this large.
const EPOCH_MS = { min: 1e12, max: 1e13 };
const INLINE_LIMIT = 120;

function time(date: Date): AuditValue {
  return { text: exactUtc(date), dateTime: date.toISOString() };
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

const AUDIENCES: Record<string, (audience: Record_) => string | null> = {
  everyone: () => "everyone active",
  department: (audience) => (typeof audience.department === "string" ? `everyone active in ${audience.department}` : null),
  expiring: (audience) => (typeof audience.days === "number" ? `holders of certificates expiring within ${plural(audience.days, "day")}` : null),
  expired: () => "holders of expired certificates",
  pending: () => "people with pending declarations",
};

function describeAudience(value: Record_): string | null {
  const describe = typeof value.kind === "string" ? AUDIENCES[value.kind] : undefined;
  return describe ? describe(value) : null;
}

function full(summary: string, value: unknown): AuditValue {
  return { summary, full: JSON.stringify(value, null, 2) };
}

/** A value in words, exact: times to the second in UTC, no JSON unless asked for. */
export function describeValue(key: string, value: unknown, names: AuditNames = NO_NAMES): AuditValue {
  if (value === null || value === undefined || value === "") return { text: "none" };
  if (typeof value === "boolean") return { text: value ? "yes" : "no" };
  if (typeof value === "number") {
    if (/At$/.test(key)) {
      if (value === 0) return { text: "never" };
      if (value >= EPOCH_MS.min && value < EPOCH_MS.max) return time(new Date(value));
    }
    if (PERSON_IDS.has(key) && Number.isSafeInteger(value)) return { text: employee(value, names) };
    return { text: String(value) };
  }
  if (typeof value === "string") return ISO_TIME.test(value) ? time(new Date(value)) : { text: value };
  if (Array.isArray(value)) {
    if (value.length === 0) return { text: "none" };
    const simple = value.every((item) => item === null || ["string", "number", "boolean"].includes(typeof item));
    const joined = simple ? value.map((item) => String(item)).join(", ") : "";
    if (simple && joined.length <= INLINE_LIMIT) return { text: joined };
    return full(plural(value.length, "entry", "entries"), value);
  }
  if (isRecord(value)) {
    const audience = key === "audience" ? describeAudience(value) : null;
    if (audience) return { text: audience };
    const keys = Object.keys(value);
    if (keys.length === 2 && typeof value.from === "string" && typeof value.to === "string") return { text: `${value.from} – ${value.to}` };
    if (keys.length === 0) return { text: "none" };
    const flat = keys.every((sub) => !isRecord(value[sub]) && !Array.isArray(value[sub]));
    const inline = flat ? keys.map((sub) => `${fieldLabel(sub)}: ${textOf(describeValue(sub, value[sub], names))}`).join(", ") : "";
    if (flat && keys.length <= 4 && inline.length <= INLINE_LIMIT) return { text: inline };
    return full(plural(keys.length, "field"), value);
  }
  return { text: String(value) };
}

function textOf(value: AuditValue): string {
  return "text" in value ? value.text : value.summary;
}

function employee(id: number, names: AuditNames): string {
  const name = names.employees.get(id);
  return name ? `${name} (employee ${id})` : `employee ${id}`;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Keys shown as one field: an id beside the name it stands for, a pair of days as one period. */
function merged(record: Record_, names: AuditNames): Record_ {
  const out: Record_ = { ...record };
  for (const key of Object.keys(record)) {
    const base = key.replace(/Id$/, "");
    const id = record[key];
    if (base === key || !(base in record) || typeof id !== "number") continue;
    const name = record[base];
    out[base] = typeof name === "string" ? `${name} (${PERSON_IDS.has(key) ? "employee" : base} ${id})` : PERSON_IDS.has(key) ? employee(id, names) : `${base} ${id}`;
    delete out[key];
  }
  if ("fromDay" in record && "toDay" in record) {
    const { fromDay, toDay } = record;
    const days = fromDay && toDay ? `${String(fromDay)} – ${String(toDay)}` : fromDay ? `from ${String(fromDay)}` : toDay ? `until ${String(toDay)}` : "every day";
    const entries = Object.entries(out).flatMap(([key, value]): [string, unknown][] => (key === "fromDay" ? [["days", days]] : key === "toDay" ? [] : [[key, value]]));
    return Object.fromEntries(entries);
  }
  return out;
}

/**
 * Before and after as fields. Sides sharing keys are a change: the keys that differ, before → after
 * (a side's other keys, such as a row's id and timestamps, are context the CSV keeps). Sides with
 * no key in common (or one side alone) are facts, each shown once.
 */
function describeChanges(before: unknown, after: unknown, names: AuditNames): AuditField[] {
  if (!isRecord(before) && !isRecord(after)) {
    const fields: AuditField[] = [];
    if (before !== null && before !== undefined) fields.push({ label: "Before", before: describeValue("", before, names) });
    if (after !== null && after !== undefined) fields.push({ label: "After", after: describeValue("", after, names) });
    return fields;
  }
  const was = isRecord(before) ? merged(before, names) : {};
  const now = isRecord(after) ? merged(after, names) : {};
  const shared = Object.keys(now).filter((key) => key in was);
  if (shared.length > 0) {
    const fields: AuditField[] = [];
    for (const key of shared) {
      const [old, current] = [was[key], now[key]];
      if (same(old, current)) {
        // A secret is stored as "(set)" both before and after it was replaced: the change still shows.
        if (current === "(set)") fields.push({ label: fieldLabel(key), after: { text: "replaced (not shown)" } });
        continue;
      }
      if (isRecord(old) && isRecord(current) && key !== "audience") {
        // A group of settings (the auto-replies) is stored whole: only its members that changed are news.
        for (const sub of [...new Set([...Object.keys(old), ...Object.keys(current)])]) {
          if (!same(old[sub], current[sub])) fields.push({ label: `${fieldLabel(key)}: ${fieldLabel(sub).toLowerCase()}`, before: describeValue(sub, old[sub], names), after: describeValue(sub, current[sub], names) });
        }
      } else fields.push({ label: fieldLabel(key), before: describeValue(key, old, names), after: describeValue(key, current, names) });
    }
    // What the change carried besides (an approval's MessageSid and reason): facts.
    for (const key of Object.keys(now)) if (!(key in was)) fields.push(...fact(key, now[key], "after", names));
    return fields;
  }
  return [...Object.entries(was).flatMap(([key, value]) => fact(key, value, "before", names)), ...Object.entries(now).flatMap(([key, value]) => fact(key, value, "after", names))];
}

function fact(key: string, value: unknown, side: "before" | "after", names: AuditNames): AuditField[] {
  // An empty fact says nothing (an approval decided without a reason): left out.
  if (value === null || value === undefined || value === "") return [];
  if (key === "audit" && typeof value === "string" && value in AUDIT_KINDS) return [{ label: "Kind", [side]: { text: AUDIT_KINDS[value as keyof typeof AUDIT_KINDS] } }];
  if (key === "actor" && typeof value === "string" && value in OTHER_ACTORS) return [{ label: "Actor", [side]: { text: OTHER_ACTORS[value as keyof typeof OTHER_ACTORS] } }];
  if (key === "actor" && typeof value === "string" && /^\d+$/.test(value)) return [{ label: "Actor", [side]: { text: `account ${value}` } }];
  return [{ label: fieldLabel(key), [side]: describeValue(key, value, names) }];
}

function str(record: unknown, key: string): string | null {
  return isRecord(record) && typeof record[key] === "string" && record[key] !== "" ? record[key] : null;
}

function num(record: unknown, key: string): number | null {
  return isRecord(record) && typeof record[key] === "number" ? record[key] : null;
}

/**
 * The holder of a certificate or declaration: by the name the entry kept (entries written since it
 * kept one), else as the page can name their id; entries older still name neither.
 */
function ownerIn(record: unknown, names: AuditNames): string | null {
  const id = num(record, "employeeId");
  if (id === null) return null;
  const name = str(record, "employee");
  return name ? `${name} (employee ${id})` : employee(id, names);
}

/** The subject of an entry that stores a target, by its action's shape; the target itself when it has another. */
function subjectOf(entry: DescribableEntry, names: AuditNames): string | null {
  const { action, target, before, after } = entry;
  if (target === null || target === "") return subjectWithoutTarget(action);
  const [kind] = action.split(".");
  const approval = /^approval (\d+)(?: (.+))?$/.exec(target);
  if (kind === "approvals" && approval) return `Approval request ${approval[1]}${approval[2] ? ` (${approval[2]})` : ""}`;
  const person = /^employee (\d+)$/.exec(target);
  if (person) return employee(Number(person[1]), names);
  const record = /^(certificate|declaration) (\d+)$/.exec(target);
  if (record) {
    const owner = ownerIn(before, names) ?? ownerIn(after, names);
    const name = str(before, "name") ?? str(after, "name") ?? str(before, "type") ?? str(after, "type");
    return `${record[1] === "certificate" ? "Certificate" : "Declaration"} ${record[2]}${name ? ` (${name})` : ""}${owner !== null ? ` of ${owner}` : ""}`;
  }
  const hold = /^hold (\d+)(?:: (.+))?$/s.exec(target);
  if (kind === "retention" && hold) {
    const phone = str(after, "phone") ?? str(before, "phone");
    return `Legal hold ${hold[1]}${phone ? ` on ${phone}` : ""}${hold[2] ? ` (${hold[2]})` : ""}`;
  }
  switch (action) {
    case "people.create":
    case "people.update": {
      const name = str(after, "name") ?? str(before, "name");
      return name ? `${name} (${target})` : target;
    }
    case "people.export":
      return target === "(everyone)" ? "People list: everyone" : `People list: ${target}`;
    case "inbox.export":
      return target === "(all messages)" ? "Messages: all" : `Messages: ${target}`;
    case "records.audit_export":
      return target === "(whole audit trail)" ? "Audit trail: all of it" : `Audit trail: ${target}`;
    case "records.export":
    case "records.export_complete":
    case "records.export_canceled":
    case "records.export_failed":
      return `Signed bundle ${target}`;
    case "privacy.erasure":
      return `Erased number (reference ${target})`;
  }
  if (kind === "rules") return `Keyword rule ${target}`;
  if (kind === "reminders") return `Campaign “${target}”`;
  if (kind === "settings") return target.split(", ").map((key) => fieldLabel(key.trim())).join(", ");
  return target;
}

function subjectWithoutTarget(action: string): string | null {
  switch (action) {
    case "retention.purge":
      return "Records past their retention period";
    case "records.verify":
      return "Hash chains of messages and the audit trail";
    case "people.import":
      return "People (CSV import)";
    case "people.import_certificates":
      return "Certificates (CSV import)";
    case "people.import_declarations":
      return "Declarations (CSV import)";
    default:
      return null;
  }
}

export function describeAudit(entry: DescribableEntry, names: AuditNames = NO_NAMES): AuditDescription {
  return { subject: subjectOf(entry, names), fields: describeChanges(entry.before, entry.after, names) };
}

/** The employee ids a page of entries names without a name: resolved in one query, never per row. */
export function employeeIdsOf(entries: DescribableEntry[]): number[] {
  const ids = new Set<number>();
  for (const entry of entries) {
    const person = entry.target ? /^employee (\d+)$/.exec(entry.target) : null;
    if (person) ids.add(Number(person[1]));
    for (const side of [entry.before, entry.after]) {
      if (!isRecord(side)) continue;
      for (const key of PERSON_IDS) {
        const id = side[key];
        if (typeof id === "number" && Number.isSafeInteger(id)) ids.add(id);
      }
    }
  }
  return [...ids];
}
