import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { applyMigrations, openDatabase, type Db } from "@/db/client";

export interface TempDb {
  db: Db;
  file: string;
  close(): void;
}

/** A real, migrated SQLite file of its own for one test. */
export function tempDb(): TempDb {
  const dir = mkdtempSync(path.join(tmpdir(), "switchboard-unit-"));
  const file = path.join(dir, "test.db");
  const db = openDatabase(file);
  applyMigrations(db);
  return {
    db,
    file,
    close() {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
