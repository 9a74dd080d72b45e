import type Database from "better-sqlite3";

function statements(sqlite: Database.Database) {
  return {
    waiting: sqlite.prepare("select exists (select 1 from messages_fts_pending)").pluck(),
    index: sqlite.prepare("insert into messages_fts (rowid, body) select m.id, m.body from messages_fts_pending p join messages m on m.id = p.id order by p.id"),
    clear: sqlite.prepare("delete from messages_fts_pending"),
  };
}
const prepared = new WeakMap<Database.Database, ReturnType<typeof statements>>();

/**
 * Tokenises the messages written in this transaction into the full-text index, all in one
 * statement, and empties the waiting list. Every write transaction calls it just before it commits
 * (`inTransaction`, the group commit, the seed), so a committed message is always searchable, and
 * FTS5 writes one segment per commit rather than one per message (db/migrations/0014).
 */
export function indexWaitingMessages(sqlite: Database.Database): number {
  let found = prepared.get(sqlite);
  if (!found) {
    found = statements(sqlite);
    prepared.set(sqlite, found);
  }
  if (!found.waiting.get()) return 0;
  found.index.run();
  return found.clear.run().changes;
}

/**
 * Whether the full-text index holds exactly the stored messages: FTS5 re-reads every body and
 * compares; a committed message still waiting is a write path that skipped indexWaitingMessages.
 */
export function verifySearchIndex(sqlite: Database.Database): { intact: boolean; waiting: number; problem: string | null } {
  const waiting = sqlite.prepare("select count(*) from messages_fts_pending").pluck().get() as number;
  try {
    sqlite.prepare("insert into messages_fts (messages_fts, rank) values ('integrity-check', 1)").run();
  } catch (error) {
    return { intact: false, waiting, problem: error instanceof Error ? error.message : String(error) };
  }
  return { intact: waiting === 0, waiting, problem: waiting === 0 ? null : `${waiting} committed messages were never indexed` };
}
