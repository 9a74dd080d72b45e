import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { applyMigrations, MIGRATIONS_FOLDER, openDatabase, type Db } from "@/db/client";

export interface TempDb {
  db: Db;
  file: string;
  close(): void;
}

/** A real, migrated SQLite file of its own for one test. */
export function tempDb(): TempDb {
  const dir = mkdtempSync(path.join(tmpdir(), "switchboard-unit-"));
  return openedIn(dir, applyMigrations);
}

/** The database file of a fresh temporary folder, migrated by `migrateIt`; closing it removes the folder. */
function openedIn(dir: string, migrateIt: (db: Db) => void): TempDb {
  const file = path.join(dir, "test.db");
  const db = openDatabase(file);
  migrateIt(db);
  return {
    db,
    file,
    close() {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A real SQLite file migrated only up to and including the migration tagged `lastTag`, as a
 * database deployed before the later ones would be; `applyMigrations` then brings it up to date,
 * running the later migrations over the rows a test put in meanwhile.
 */
export function tempDbAt(lastTag: string): TempDb {
  const dir = mkdtempSync(path.join(tmpdir(), "switchboard-unit-"));
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] };
  const upTo = journal.entries.findIndex((entry) => entry.tag === lastTag);
  if (upTo < 0) throw new Error(`no migration ${lastTag}`);
  const entries = journal.entries.slice(0, upTo + 1);
  const folder = path.join(dir, "migrations");
  mkdirSync(path.join(folder, "meta"), { recursive: true });
  writeFileSync(path.join(folder, "meta", "_journal.json"), JSON.stringify({ ...journal, entries }));
  for (const { tag } of entries) copyFileSync(path.join(MIGRATIONS_FOLDER, `${tag}.sql`), path.join(folder, `${tag}.sql`));
  return openedIn(dir, (db) => migrate(db, { migrationsFolder: folder }));
}
