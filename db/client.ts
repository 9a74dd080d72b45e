import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { openBatch } from "./batch-scope";
import { indexWaitingMessages } from "./search-index";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

/** Opens (creating if needed) one SQLite file with the pragmas every connection must have. */
export function openSqlite(filePath: string): Database.Database {
  if (filePath !== ":memory:") mkdirSync(path.dirname(path.resolve(filePath)), { recursive: true });
  const sqlite = new Database(filePath);
  sqlite.pragma("journal_mode = WAL");
  // Writers wait for each other instead of surfacing SQLITE_BUSY to Twilio or a user.
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  // WAL makes NORMAL durable across process crashes; only an OS crash can lose the last commit.
  sqlite.pragma("synchronous = NORMAL");
  // Statement journals (every trigger-bearing write inside a transaction keeps one) stay in memory:
  // past 64 KiB SQLite spills them to a temporary file, a pwrite per page on every webhook.
  sqlite.pragma("temp_store = MEMORY");
  return sqlite;
}

export function wrap(sqlite: Database.Database): Db {
  return drizzle(sqlite, { schema });
}

export function openDatabase(filePath: string): Db {
  return wrap(openSqlite(filePath));
}

export function applyMigrations(db: Db): void {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}

interface JournalEntry {
  idx: number;
  tag: string;
  when: number;
}

export interface MigrationState {
  applied: number;
  latest: { tag: string; appliedAt: string } | null;
  pending: number;
}

/** Which committed migration the database is at, by matching drizzle's bookkeeping table to the journal. */
export function migrationState(db: Db): MigrationState {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as {
    entries: JournalEntry[];
  };
  const hasTable = db.$client.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  const rows = hasTable
    ? (db.$client.prepare("select created_at as createdAt from __drizzle_migrations order by created_at").all() as { createdAt: number }[])
    : [];
  const appliedWhen = new Set(rows.map((row) => Number(row.createdAt)));
  const applied = journal.entries.filter((entry) => appliedWhen.has(entry.when));
  const last = applied.at(-1);
  return {
    applied: applied.length,
    latest: last ? { tag: last.tag, appliedAt: new Date(last.when).toISOString() } : null,
    pending: journal.entries.length - applied.length,
  };
}

const GLOBAL_KEY = Symbol.for("switchboard.sqlite");
type GlobalWithSqlite = typeof globalThis & { [GLOBAL_KEY]?: { path: string; sqlite: Database.Database } };
let local: { sqlite: Database.Database; db: Db } | undefined;

/**
 * The process-wide connection. The raw handle lives on globalThis because the server launcher
 * and Next's bundles load separate copies of this module and must share one connection.
 */
export function getDb(databasePath: string): Db {
  const holder = globalThis as GlobalWithSqlite;
  let shared = holder[GLOBAL_KEY];
  if (!shared || shared.path !== databasePath) {
    shared = { path: databasePath, sqlite: openSqlite(databasePath) };
    holder[GLOBAL_KEY] = shared;
  }
  if (local?.sqlite !== shared.sqlite) local = { sqlite: shared.sqlite, db: wrap(shared.sqlite) };
  return local.db;
}

/**
 * Runs `work` in one IMMEDIATE transaction on the same connection (better-sqlite3 is synchronous,
 * so every statement `work` issues through `db` belongs to it). IMMEDIATE takes the write lock up
 * front, so two writers queue on busy_timeout instead of failing on a lock upgrade. Inside a group
 * commit's batch it joins the batch instead of opening a savepoint (db/batch-scope.ts). Messages it
 * wrote reach the full-text index just before the commit (db/search-index.ts).
 */
export function inTransaction<T>(db: Db, work: () => T): T {
  const sqlite = db.$client;
  const batch = sqlite.inTransaction ? openBatch(sqlite) : undefined;
  if (!batch) {
    return sqlite
      .transaction(() => {
        const value = work();
        indexWaitingMessages(sqlite);
        return value;
      })
      .immediate();
  }
  try {
    return work();
  } catch (error) {
    batch.failed = true;
    throw error;
  }
}
