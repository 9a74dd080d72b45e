import type Database from "better-sqlite3";

/**
 * While a group commit runs its batch without savepoints (db/group-commit.ts), nested
 * transactions on that connection run inline: the whole batch is the unit that rolls back. A
 * nested block that throws marks the batch, even if its caller catches the error, so the batch is
 * rolled back and rerun with a savepoint per piece of work; a half-written block never commits.
 */
const SCOPE = Symbol.for("switchboard.batchScope");
type Scoped = Database.Database & { [SCOPE]?: { failed: boolean } };

export function runAsBatch<T>(sqlite: Database.Database, work: () => T): { value: T; failed: boolean } {
  const scoped = sqlite as Scoped;
  const scope = { failed: false };
  scoped[SCOPE] = scope;
  try {
    return { value: work(), failed: scope.failed };
  } finally {
    delete scoped[SCOPE];
  }
}

/** The open batch a nested transaction joins inline, if any. */
export function openBatch(sqlite: Database.Database): { failed: boolean } | undefined {
  return (sqlite as Scoped)[SCOPE];
}
