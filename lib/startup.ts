import { applyMigrations, getDb, migrationState, type Db } from "@/db/client";
import { sealUnsealed } from "@/db/queries/chain";
import { deleteExpiredSessions } from "@/db/queries/sessions";
import { indexWaitingMessages } from "@/db/search-index";
import { bootstrapAdmin, type BootstrapResult } from "@/lib/auth/users";
import { pruneLoginAttempts } from "@/lib/auth/throttle";
import type { Env } from "@/lib/env";
import { twilioCredentials } from "@/lib/twilio/credentials";

export interface Prepared {
  db: Db;
  admin: BootstrapResult;
  migration: string;
}

/** Everything that must hold before the first request: schema current, someone able to sign in, stale rows gone. */
export async function prepareDatabase(env: Env, now = new Date()): Promise<Prepared> {
  const db = getDb(env.databasePath);
  applyMigrations(db);
  const admin = await bootstrapAdmin(db, env.admin);
  // Simulator mode signs and verifies with a local account: make it exist before the first request.
  twilioCredentials(db, env);
  deleteExpiredSessions(db, now);
  // Rows written before the hash chain existed get sealed once, in order.
  sealUnsealed(db, "audit_log");
  sealUnsealed(db, "messages");
  // Messages another tool inserted straight into the file still wait for the full-text index.
  db.$client.transaction(() => indexWaitingMessages(db.$client)).immediate();
  pruneLoginAttempts(db, now);
  return { db, admin, migration: migrationState(db).latest?.tag ?? "none" };
}

export function describeBootstrap(result: BootstrapResult): string[] {
  switch (result.kind) {
    case "created-generated":
      return [
        "Created the first admin account (shown once, change it after signing in):",
        `  email:    ${result.email}`,
        `  password: ${result.password}`,
      ];
    case "created-from-env":
      return [`Created the first admin ${result.email} from ADMIN_EMAIL.`];
    default:
      return [];
  }
}
