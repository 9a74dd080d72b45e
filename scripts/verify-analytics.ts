/** `npm run analytics:verify [-- --database path]`: proves the analytics aggregates equal a full recount. */
import { applyMigrations, openDatabase } from "../db/client";
import { verifyAggregates } from "../lib/analytics/verify";
import { getEnv } from "../lib/env";
import { readCommandLine } from "./cli";

const values = readCommandLine("Usage: npm run analytics:verify [-- --database path]\n  Recounts every message and compares the analytics aggregates with the recount.", { database: { type: "string" } });
const db = openDatabase(values.database ?? getEnv().databasePath);
applyMigrations(db);
const started = Date.now();
const mismatches = verifyAggregates(db);
if (mismatches.length === 0) {
  console.log(`Analytics aggregates match a full recount (${((Date.now() - started) / 1000).toFixed(1)} s).`);
} else {
  console.error(`${mismatches.length} aggregate rows differ from a recount, e.g.:`);
  for (const mismatch of mismatches.slice(0, 20)) console.error(`  ${mismatch.table} ${mismatch.key}: stored ${mismatch.stored}, recounted ${mismatch.recounted}`);
  process.exitCode = 1;
}
