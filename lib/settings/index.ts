import { randomBytes } from "node:crypto";
import { z } from "zod";
import { inTransaction, type Db } from "@/db/client";
import { insertSettingIfAbsent, readAllSettings, upsertSetting } from "@/db/queries/settings";
import { recordAudit, type Actor } from "@/lib/audit";
import { invalidateLocalCaches, versioned } from "@/lib/cache/versioned";
import { DEFAULT_REPLIES, type ReplyKey, type Replies } from "@/lib/commands/replies";
import type { FieldRefusal } from "@/lib/forms/refusal";
import { InvalidCidrError, parseCidr } from "@/lib/net/cidr";
import { storedTemplates } from "@/lib/templates";

const repliesSchema = z
  .record(z.string(), z.unknown())
  .catch({})
  .transform((stored): Replies => {
    const merged: Replies = { ...DEFAULT_REPLIES };
    for (const key of Object.keys(DEFAULT_REPLIES) as ReplyKey[]) {
      const value = stored[key];
      if (typeof value === "string" && value.trim() !== "") merged[key] = value;
    }
    return merged;
  });

const settingsSchema = z.object({
  incomingEnabled: z.boolean().catch(false),
  webhookTokenEnabled: z.boolean().catch(false),
  webhookToken: z.string().catch(""),
  /** The token Regenerate replaced, and when: status callbacks of messages sent before still carry it. */
  previousWebhookToken: z.string().catch(""),
  webhookTokenRotatedAt: z.number().catch(0),
  /** Inbound messages per number per UTC day that still get auto-replies. */
  dailyLimit: z.number().int().min(1).catch(50),
  /** Seconds between two auto-replies to the same number. */
  cooldownSeconds: z.number().min(0).catch(2),
  /** Outbound messages per second the send queue may start. */
  sendRatePerSecond: z.number().min(1).max(1000).catch(10),
  /** Days before a certificate expires when its holder gets a WhatsApp reminder. */
  expiryLeadDays: z.array(z.number().int().min(0).max(365)).catch([30, 7, 1]),
  /** Approved template (HX…) for expiry reminders, since most holders have not written in 24 hours; empty sends free text. */
  expiryTemplateSid: z.string().catch(""),
  /** Approved template (HX…) for "approval needed" messages to approvers outside the 24-hour window; empty sends free text. */
  approvalTemplateSid: z.string().catch(""),
  /** Approved templates staff pick from when replying outside the 24-hour window (lib/templates). */
  templates: storedTemplates,
  /** Keep messages this many days (≈ 7 years), never fewer than the floor. */
  retentionDays: z.number().int().min(1).catch(2555),
  /** The shortest retention an admin may set: the regulated minimum. */
  retentionFloorDays: z.number().int().min(1).catch(2555),
  errorLogDays: z.number().int().min(1).catch(90),
  statusEventDays: z.number().int().min(1).catch(365),
  /** CIDRs allowed to call the webhooks; empty allows any address (signatures are still required). */
  ipAllowList: z.array(z.string()).catch([]),
  replies: repliesSchema,
  /**
   * Where Twilio's last signed webhook was addressed (PUBLIC_BASE_URL unset): the only origin known
   * to reach this server from Twilio, so REST sends name it in their StatusCallback.
   */
  twilioReachesUsAt: z.string().catch(""),
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingKey = keyof Settings;

/** Values that must never be copied into the audit trail in clear. */
const SECRET_KEYS: ReadonlySet<SettingKey> = new Set(["webhookToken", "previousWebhookToken"]);

const INTERNAL_SESSION_SECRET = "internal.sessionSecret";

interface Loaded {
  settings: Settings;
  raw: Map<string, unknown>;
}

function parseSettings(raw: Map<string, unknown>): Settings {
  return settingsSchema.parse(Object.fromEntries(Object.keys(settingsSchema.shape).map((key) => [key, raw.get(key)])));
}

const load = versioned((db: Db): Loaded => {
  const raw = readAllSettings(db);
  return { settings: parseSettings(raw), raw };
});

/** Current settings, cached per process; a write by this process or another instance refreshes them. */
export function getSettings(db: Db): Settings {
  return load(db).settings;
}

function auditValue(key: SettingKey, value: unknown): unknown {
  if (!SECRET_KEYS.has(key)) return value;
  return value ? "(set)" : "(empty)";
}

/** Writes the changed keys and one audit row (before → after) in one transaction. */
export function updateSettings(db: Db, actor: Actor, patch: Partial<Settings>, action = "settings.update", now = new Date()): Settings {
  const current = getSettings(db);
  if (changedKeys(current, patch).length === 0) return current;
  inTransaction(db, () => writeChanged(db, actor, current, patch, action, now));
  invalidateLocalCaches();
  return getSettings(db);
}

/** The settings a form was opened with, by key: what it sends back so its save can tell whether they changed since. */
export type LoadedSettings = Partial<Record<SettingKey, unknown>>;

export type GuardedUpdate = { ok: true; settings: Settings } | { ok: false; changed: string[] };

/**
 * updateSettings for a form opened earlier: refused, writing nothing, when any setting the form was
 * opened with (`loaded`) is stored differently now, as after another admin's save in another tab.
 * `changed` names them, a reply text as `replies.<key>`. The stored values are read afresh inside
 * the write's transaction (not from the per-process cache), so no save between check and write
 * slips through. Only the keys in `patch` are written.
 */
export function updateSettingsIfUnchanged(db: Db, actor: Actor, loaded: LoadedSettings, patch: Partial<Settings>, action = "settings.update", now = new Date()): GuardedUpdate {
  const outcome = inTransaction(db, (): { changed: string[]; wrote: boolean } => {
    const stored = parseSettings(readAllSettings(db));
    const changed = (Object.keys(loaded) as SettingKey[]).flatMap((key) => differences(key, loaded[key], stored[key]));
    if (changed.length > 0) return { changed, wrote: false };
    return { changed, wrote: writeChanged(db, actor, stored, patch, action, now) };
  });
  if (outcome.changed.length > 0) return { ok: false, changed: outcome.changed };
  if (outcome.wrote) invalidateLocalCaches();
  return { ok: true, settings: getSettings(db) };
}

function differences(key: string, was: unknown, now: unknown): string[] {
  if (isRecord(was) && isRecord(now)) {
    const keys = [...new Set([...Object.keys(was), ...Object.keys(now)])];
    return keys.filter((sub) => JSON.stringify(was[sub]) !== JSON.stringify(now[sub])).map((sub) => `${key}.${sub}`);
  }
  return JSON.stringify(was) === JSON.stringify(now) ? [] : [key];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function changedKeys(current: Settings, patch: Partial<Settings>): SettingKey[] {
  return (Object.keys(patch) as SettingKey[]).filter((key) => patch[key] !== undefined && JSON.stringify(patch[key]) !== JSON.stringify(current[key]));
}

/** Inside a transaction: the keys of `patch` that differ from `current`, and their audit row. False when none did. */
function writeChanged(db: Db, actor: Actor, current: Settings, patch: Partial<Settings>, action: string, now: Date): boolean {
  const changed = changedKeys(current, patch);
  if (changed.length === 0) return false;
  for (const key of changed) upsertSetting(db, key, patch[key], actor.id, now);
  recordAudit(
    db,
    actor,
    action,
    {
      target: changed.join(", "),
      before: Object.fromEntries(changed.map((key) => [key, auditValue(key, current[key])])),
      after: Object.fromEntries(changed.map((key) => [key, auditValue(key, patch[key])])),
    },
    now,
  );
  return true;
}

/**
 * The allow-list as typed (CIDRs or addresses, one per line or comma-separated) → canonical ranges
 * without repeats, or the first entry that is neither, refused as the `ipAllowList` setting's.
 */
export function parseIpAllowList(text: string): string[] | FieldRefusal {
  try {
    return [...new Set(text.split(/[\s,]+/).filter(Boolean).map(parseCidr))];
  } catch (error) {
    if (error instanceof InvalidCidrError) return { error: error.message, field: "ipAllowList" };
    throw error;
  }
}

/** A new URL token; the old one stays good for status callbacks a while (see STATUS_TOKEN_GRACE_MS). */
export function rotateWebhookToken(db: Db, actor: Actor, now = new Date()): Settings {
  const current = getSettings(db);
  return updateSettings(
    db,
    actor,
    { webhookToken: newWebhookToken(), previousWebhookToken: current.webhookToken, webhookTokenRotatedAt: now.getTime() },
    "settings.webhook_token_regenerated",
    now,
  );
}

export function newWebhookToken(): string {
  return randomBytes(18).toString("base64url");
}

/** A value generated once, kept in the database, and agreed on by every instance (the first insert wins). */
export function internalValue(db: Db, key: string, make: () => string): string {
  const existing = load(db).raw.get(key);
  if (typeof existing === "string" && existing !== "") return existing;
  insertSettingIfAbsent(db, key, make(), new Date());
  invalidateLocalCaches();
  return String(load(db).raw.get(key));
}

/** SESSION_SECRET when given; otherwise one generated on first use and kept across restarts. */
export function sessionSecret(db: Db, configured: string | undefined): string {
  return configured ?? internalValue(db, INTERNAL_SESSION_SECRET, () => randomBytes(32).toString("base64url"));
}
