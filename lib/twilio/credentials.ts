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

/** The sandbox number: what simulator mode sends from when TWILIO_WHATSAPP_FROM is not set. */
export const SANDBOX_WHATSAPP_NUMBER = "whatsapp:+14155238886";

/** Our WhatsApp sender, or null when live credentials lack TWILIO_WHATSAPP_FROM. */
export function senderAddress(env: Env): string | null {
  return env.twilioWhatsappFrom ?? (env.twilio ? null : SANDBOX_WHATSAPP_NUMBER);
}

/** Where REST calls go: TWILIO_API_BASE, the emulator inside this server in simulator mode, or Twilio. */
export function restApiBase(env: Env, localOrigin: string): string | undefined {
  return env.twilioApiBase ?? (env.twilio ? undefined : `${localOrigin}${EMULATOR_MOUNT}`);
}

/** Where this server's own REST calls go (see restApiBase), reaching the in-process emulator over loopback. */
export function ownRestApiBase(env: Env): string | undefined {
  return restApiBase(env, `http://127.0.0.1:${env.port}`);
}

/** The Authorization header Twilio's REST API, its media and the emulator's control API want. */
export function basicAuthorization(account: { accountSid: string; authToken: string }): string {
  return `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString("base64")}`;
}

/** The path under which simulator mode serves its local Twilio. */
export const EMULATOR_MOUNT = "/__twilio";
