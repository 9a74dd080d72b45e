import { randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import type { Env } from "@/lib/env";
import { internalValue } from "@/lib/settings";

export interface TwilioCredentials {
  mode: "live" | "simulator";
  accountSid: string;
  authToken: string;
}

/**
 * The account whose auth token signs webhooks: the configured one, or in simulator mode a local
 * account generated once and kept in the database, so the simulator signs like Twilio does.
 */
export function twilioCredentials(db: Db, env: Env): TwilioCredentials {
  if (env.twilio) return { mode: "live", ...env.twilio };
  return {
    mode: "simulator",
    accountSid: internalValue(db, "internal.simulatorAccountSid", () => `AC${randomBytes(16).toString("hex")}`),
    authToken: internalValue(db, "internal.simulatorAuthToken", () => randomBytes(16).toString("hex")),
  };
}
