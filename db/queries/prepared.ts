import type { Db } from "../client";

/**
 * Statements built once per SQLite connection. The webhook path runs the same handful of queries
 * on every request; building and compiling them each time cost more than running them.
 */
export function perConnection<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db["$client"], T>();
  return (db) => {
    let found = built.get(db.$client);
    if (!found) {
      found = build(db);
      built.set(db.$client, found);
    }
    return found;
  };
}
