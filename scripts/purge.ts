/** `npm run purge [-- --dry-run] [--database path]`: the retention purge from the command line. */
import { applyMigrations, openDatabase } from "../db/client";
import { getEnv } from "../lib/env";
import { purge, purgePreview } from "../lib/retention/purge";
import { getSettings } from "../lib/settings";
import { readCommandLine } from "./cli";

async function main() {
  const values = readCommandLine(
    "Usage: npm run purge [-- --dry-run] [--database path]\n  Deletes what the retention settings say is due (legal holds kept); --dry-run only counts it.",
    { "dry-run": { type: "boolean", default: false }, database: { type: "string" } },
  );
  const db = openDatabase(values.database ?? getEnv().databasePath);
  applyMigrations(db);
  const settings = getSettings(db);
  const counts = values["dry-run"] ? purgePreview(db, settings) : await purge(db, settings, { id: null, label: "command line (npm run purge)" });
  const verb = values["dry-run"] ? "Would delete" : "Deleted";
  console.log(`${verb} ${counts.messages.toLocaleString("en")} messages older than ${Math.max(settings.retentionDays, settings.retentionFloorDays)} days (${counts.heldMessages.toLocaleString("en")} kept under legal hold), ${counts.errorLog.toLocaleString("en")} error-log entries older than ${settings.errorLogDays} days, ${counts.statusEvents.toLocaleString("en")} status events older than ${settings.statusEventDays} days.`);
  db.$client.close();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
