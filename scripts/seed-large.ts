/**
 * `npm run seed:large -- --messages 1000000 [--database ./data/large.db]`
 * Fills a database with a year of realistic traffic for the inbox, analytics and benchmarks.
 */
import { applyMigrations, openDatabase } from "../db/client";
import { seedLarge } from "../db/seed-large";
import { getEnv } from "../lib/env";
import { readCommandLine } from "./cli";

const values = readCommandLine(
  "Usage: npm run seed:large -- [--messages 100000] [--numbers 2000] [--database path] [--seed 42]\n  Fills the database with a year of realistic traffic from --numbers people.",
  {
    messages: { type: "string", default: "100000" },
    numbers: { type: "string", default: "2000" },
    database: { type: "string" },
    seed: { type: "string", default: "42" },
  },
);

const messages = Number(values.messages);
if (!Number.isInteger(messages) || messages < 1) {
  console.error("--messages must be a positive whole number");
  process.exit(1);
}
const path = values.database ?? getEnv().databasePath;
const db = openDatabase(path);
applyMigrations(db);
const started = Date.now();
let lastReport = 0;
const result = seedLarge(db, {
  messages,
  numbers: Number(values.numbers),
  seed: Number(values.seed),
  onProgress: (done) => {
    if (done - lastReport >= 100_000 || done === messages) {
      lastReport = done;
      process.stdout.write(`\r${done.toLocaleString("en")} / ${messages.toLocaleString("en")} messages`);
    }
  },
});
db.$client.pragma("wal_checkpoint(TRUNCATE)");
db.$client.close();
console.log(`\nSeeded ${result.messages.toLocaleString("en")} messages for ${result.contacts.toLocaleString("en")} numbers into ${path} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
