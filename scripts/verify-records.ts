/** `npm run verify-records [-- --database path]`: proves the audit log and messages unaltered, or names the first altered row. */
import { parseArgs } from "node:util";
import { applyMigrations, openDatabase } from "../db/client";
import { getEnv } from "../lib/env";
import { describeReport, verifyRecords } from "../lib/records/verify";

const { values } = parseArgs({ options: { database: { type: "string" } } });
const db = openDatabase(values.database ?? getEnv().databasePath);
applyMigrations(db);
const report = verifyRecords(db);
console.log(describeReport(report));
if (!report.intact) process.exitCode = 1;
db.$client.close();
