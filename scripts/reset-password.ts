/**
 * `npm run reset-password -- --email x@y.z [--password-env NAME] [--database path]`: lockout
 * recovery, e.g. for the only admin, whom the ADMIN_EMAIL start-up account never touches again.
 */
import { applyMigrations, openDatabase } from "../db/client";
import { UserError, recoverAccount } from "../lib/auth/users";
import { getEnv } from "../lib/env";
import { readCommandLine } from "./cli";

const USAGE = `Usage: NEW_PASSWORD=… npm run reset-password -- --email x@y.z [--password-env NAME] [--database path]
  Sets that user's password to the value of the environment variable NEW_PASSWORD (or NAME),
  reactivates them if they were deactivated, signs out every session of theirs and writes an
  audit entry by "command line". The password is read from the environment, never from the
  command line, which other users of the machine can see and the shell keeps in its history.`;

async function main() {
  const values = readCommandLine(USAGE, { email: { type: "string" }, "password-env": { type: "string", default: "NEW_PASSWORD" }, database: { type: "string" } });
  const variable = values["password-env"];
  // Read here rather than through lib/env: it is this command's input, not the app's configuration.
  const password = process.env[variable];
  if (!values.email || !password) {
    console.error(`${values.email ? `${variable} is not set` : "--email is required"}.\n\n${USAGE}`);
    process.exit(2);
  }
  const db = openDatabase(values.database ?? getEnv().databasePath);
  try {
    applyMigrations(db);
    const user = await recoverAccount(db, { id: null, label: "command line (npm run reset-password)" }, values.email, password);
    console.log(`Password of ${user.email} (${user.role}) set; the account is active and all of its sessions were signed out.`);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    console.error(error.field === "password" ? `${variable}: ${error.message}` : error.message);
    process.exitCode = 1;
  } finally {
    db.$client.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
