/** `npm run verify-records [-- --database path]`: proves the audit log and messages unaltered, or names the first altered row. */
import { applyMigrations, openDatabase } from "../db/client";
import { getEnv } from "../lib/env";
import { describeReport, verifyRecords } from "../lib/records/verify";
import { readCommandLine } from "./cli";

const values = readCommandLine("Usage: npm run verify-records [-- --database path]\n  Walks the audit-log and message hash chains and names the first altered row, if any.", { database: { type: "string" } });
const db = openDatabase(values.database ?? getEnv().databasePath);
applyMigrations(db);
const report = verifyRecords(db);
console.log(describeReport(report));
if (!report.intact) process.exitCode = 1;
db.$client.close();
