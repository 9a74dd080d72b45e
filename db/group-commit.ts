import { runAsBatch } from "./batch-scope";
import type { Db } from "./client";
import { indexWaitingMessages } from "./search-index";

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const queues = new WeakMap<Db["$client"], Pending[]>();

/**
 * Runs `work` in a transaction shared with the other writes submitted in the same turn of the
 * event loop, and resolves only after that transaction has committed. A commit (WAL frames for
 * every index, the full-text segment, the analytics rows) costs more than the inserts themselves, so
 * concurrent webhooks share one. A piece of work that throws rolls back alone and rejects only
 * its own caller: the batch is then rerun with a savepoint around each piece.
 */
export function commitTogether<T>(db: Db, work: () => T): Promise<T> {
  const sqlite = db.$client;
  let queue = queues.get(sqlite);
  const fresh = !queue;
  if (!queue) {
    queue = [];
    queues.set(sqlite, queue);
  }
  const promise = new Promise<T>((resolve, reject) => queue.push({ work, resolve: resolve as (value: unknown) => void, reject }));
  if (fresh) setImmediate(() => flush(db));
  return promise;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

class BatchFailed extends Error {}

/**
 * The common case: every piece of work succeeds, so the batch runs without savepoints (each one
 * costs two statements and a copy of every page it touches). Returns null, having rolled
 * everything back, as soon as any piece fails.
 */
function runTogether(sqlite: Db["$client"], batch: Pending[]): Outcome[] | null {
  try {
    return sqlite
      .transaction(() => {
        const { value, failed } = runAsBatch(sqlite, () =>
          batch.map((pending): Outcome => {
            try {
              return { ok: true, value: pending.work() };
            } catch {
              throw new BatchFailed();
            }
          }),
        );
        if (failed) throw new BatchFailed();
        indexWaitingMessages(sqlite);
        return value;
      })
      .immediate();
  } catch (error) {
    // Anything but a failed piece of work is the transaction's own failure (no lock, no disk).
    if (error instanceof BatchFailed) return null;
    throw error;
  }
}

function runEachInSavepoint(sqlite: Db["$client"], batch: Pending[]): Outcome[] {
  const outcomes: Outcome[] = [];
  sqlite
    .transaction(() => {
      for (const pending of batch) {
        try {
          outcomes.push({ ok: true, value: sqlite.transaction(pending.work)() });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
      indexWaitingMessages(sqlite);
    })
    .immediate();
  return outcomes;
}

function flush(db: Db): void {
  const sqlite = db.$client;
  const batch = queues.get(sqlite) ?? [];
  queues.delete(sqlite);
  let outcomes: Outcome[];
  try {
    outcomes = runTogether(sqlite, batch) ?? runEachInSavepoint(sqlite, batch);
  } catch (error) {
    // The commit itself failed (the lock never came, the disk is full): nothing in the batch is stored.
    for (const pending of batch) pending.reject(error);
    return;
  }
  batch.forEach((pending, index) => {
    const outcome = outcomes[index]!;
    if (outcome.ok) pending.resolve(outcome.value);
    else pending.reject(outcome.error);
  });
}
