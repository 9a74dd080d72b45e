import type { Db } from "@/db/client";
import { dataVersion } from "@/db/queries/settings";

let localGeneration = 0;

/** Call after this process writes data that a versioned cache holds. */
export function invalidateLocalCaches(): void {
  localGeneration++;
}

/**
 * Memoises a small read model per connection. It reloads when this process says it wrote
 * (invalidateLocalCaches) or when SQLite's data_version shows a commit by another connection,
 * such as a second instance, so hot paths never reread settings per request.
 */
export function versioned<T>(load: (db: Db) => T): (db: Db) => T {
  let cached: { db: Db; version: number; generation: number; value: T } | undefined;
  return (db) => {
    const version = dataVersion(db);
    if (cached && cached.db === db && cached.version === version && cached.generation === localGeneration) return cached.value;
    const value = load(db);
    cached = { db, version, generation: localGeneration, value };
    return value;
  };
}
