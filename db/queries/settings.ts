import type { Db } from "../client";
import { perConnection } from "./prepared";
import { settings } from "../schema";

export function readAllSettings(db: Db): Map<string, unknown> {
  return new Map(db.select({ key: settings.key, value: settings.value }).from(settings).all().map((row) => [row.key, row.value]));
}

export function upsertSetting(db: Db, key: string, value: unknown, updatedBy: number | null, now: Date): void {
  db.insert(settings)
    .values({ key, value, updatedAt: now, updatedBy })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now, updatedBy } })
    .run();
}

/** SQLite's counter of commits by other connections: lets a per-process cache notice another instance's writes. */
const dataVersionStatement = perConnection((db) => db.$client.prepare("pragma data_version").pluck());

export function dataVersion(db: Db): number {
  return dataVersionStatement(db).get() as number;
}

/** Inserts only when the key is absent, so concurrent first writers agree on one value. */
export function insertSettingIfAbsent(db: Db, key: string, value: unknown, now: Date): void {
  db.insert(settings).values({ key, value, updatedAt: now }).onConflictDoNothing({ target: settings.key }).run();
}
