import { randomBytes } from "node:crypto";
import { z } from "zod";
import { inTransaction, type Db } from "@/db/client";
import { dataVersion, insertSettingIfAbsent, readAllSettings, upsertSetting } from "@/db/queries/settings";
import { recordAudit, type Actor } from "@/lib/audit";

const settingsSchema = z.object({
  incomingEnabled: z.boolean().catch(false),
  webhookTokenEnabled: z.boolean().catch(false),
  webhookToken: z.string().catch(""),
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingKey = keyof Settings;

/** Values that must never be copied into the audit trail in clear. */
const SECRET_KEYS: ReadonlySet<SettingKey> = new Set(["webhookToken"]);

const INTERNAL_SESSION_SECRET = "internal.sessionSecret";

interface Cache {
  db: Db;
  version: number;
  settings: Settings;
  raw: Map<string, unknown>;
}
let cache: Cache | undefined;

function load(db: Db): Cache {
  const version = dataVersion(db);
  if (cache && cache.db === db && cache.version === version) return cache;
  const raw = readAllSettings(db);
  const settings = settingsSchema.parse(Object.fromEntries(Object.keys(settingsSchema.shape).map((key) => [key, raw.get(key)])));
  cache = { db, version, settings, raw };
  return cache;
}

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
  const changed = (Object.keys(patch) as SettingKey[]).filter((key) => patch[key] !== undefined && patch[key] !== current[key]);
  if (changed.length === 0) return current;
  inTransaction(db, () => {
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
  });
  cache = undefined;
  return getSettings(db);
}

export function newWebhookToken(): string {
  return randomBytes(18).toString("base64url");
}

/** SESSION_SECRET when given; otherwise one generated on first use and kept in the database across restarts. */
export function sessionSecret(db: Db, configured: string | undefined): string {
  if (configured) return configured;
  const existing = load(db).raw.get(INTERNAL_SESSION_SECRET);
  if (typeof existing === "string" && existing.length >= 32) return existing;
  const secret = randomBytes(32).toString("base64url");
  // Two instances racing here must agree: only the first insert wins, everyone rereads it.
  insertSettingIfAbsent(db, INTERNAL_SESSION_SECRET, secret, new Date());
  cache = undefined;
  return String(load(db).raw.get(INTERNAL_SESSION_SECRET));
}
