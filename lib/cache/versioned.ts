import type { Db } from "@/db/client";
import { dataVersion } from "@/db/queries/settings";

// On globalThis, not in this module: Next bundles route handlers, pages and server actions into
// separate module instances (and the server launcher has its own), and a write made through any
// of them must refresh the caches of all of them.
const GENERATION = Symbol.for("switchboard.cacheGeneration");
type GlobalWithGeneration = typeof globalThis & { [GENERATION]?: number };
const shared = globalThis as GlobalWithGeneration;

function generation(): number {
  return shared[GENERATION] ?? 0;
}

/** Call after this process writes data that a versioned cache holds. */
export function invalidateLocalCaches(): void {
  shared[GENERATION] = generation() + 1;
}

// Reading data_version outside a transaction opens and closes a read transaction (lock
// syscalls included), the costliest part of a cache hit. Under load one turn of the event loop
// serves many requests, so the counter is read once per connection per turn: another
// connection's commit is seen from the next turn, as if it had landed a moment later. The age
// bound keeps that true even if the turn's end is never observed (a lost setImmediate).
const MAX_AGE_MS = 50;
let turn = 0;
let turnEndScheduled = false;
const versionsThisTurn = new WeakMap<Db["$client"], { version: number; turn: number; at: number }>();

function versionThisTurn(db: Db): number {
  const now = performance.now();
  const known = versionsThisTurn.get(db.$client);
  if (known && known.turn === turn && now - known.at < MAX_AGE_MS) return known.version;
  const version = dataVersion(db);
  versionsThisTurn.set(db.$client, { version, turn, at: now });
  if (!turnEndScheduled) {
    turnEndScheduled = true;
    setImmediate(() => {
      turnEndScheduled = false;
      turn++;
    });
  }
  return version;
}

/**
 * Memoises a small read model per connection. It reloads when this process says it wrote
 * (invalidateLocalCaches) or when SQLite's data_version shows a commit by another connection,
 * such as a second instance (seen from the next turn of the event loop), so hot paths never reread
 * settings per request.
 */
export function versioned<T>(load: (db: Db) => T): (db: Db) => T {
  let cached: { db: Db; version: number; generation: number; value: T } | undefined;
  return (db) => {
    const version = versionThisTurn(db);
    const current = generation();
    if (cached && cached.db.$client === db.$client && cached.version === version && cached.generation === current) return cached.value;
    const value = load(db);
    cached = { db, version, generation: current, value };
    return value;
  };
}
