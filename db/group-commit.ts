import type { Db } from "./client";

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const queues = new WeakMap<Db["$client"], Pending[]>();

/**
 * Runs `work` in a transaction shared with the other writes submitted in the same turn of the
 * event loop, and resolves only after that transaction has committed. A commit (WAL frames for
 * every index, the FTS segment, the analytics rows) costs more than the inserts themselves, so
 * concurrent webhooks share one. Each piece of work runs in its own savepoint: one that throws
 * rolls back alone and rejects only its own caller.
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

function flush(db: Db): void {
  const sqlite = db.$client;
  const batch = queues.get(sqlite) ?? [];
  queues.delete(sqlite);
  const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
  try {
    sqlite
      .transaction(() => {
        for (const pending of batch) {
          try {
            outcomes.push({ ok: true, value: sqlite.transaction(pending.work)() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      })
      .immediate();
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
