import { desc } from "drizzle-orm";
import type { Db } from "../client";
import { errorLog, type ErrorLogEntry } from "../schema";

export function insertError(db: Db, entry: Omit<ErrorLogEntry, "id">): void {
  db.insert(errorLog).values(entry).run();
}

export function recentErrors(db: Db, limit: number): ErrorLogEntry[] {
  return db.select().from(errorLog).orderBy(desc(errorLog.at), desc(errorLog.id)).limit(limit).all();
}
