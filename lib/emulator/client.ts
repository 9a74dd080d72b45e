import type { Db } from "@/db/client";
import type { Env } from "@/lib/env";
import { basicAuthorization, ownRestApiBase, twilioCredentials } from "@/lib/twilio/credentials";
import type { EmulatedMessage, InboundInput, InboundResult } from "./emulator";

/** Simulator mode is on when no live Twilio account is configured. */
export function isSimulatorMode(env: Env): boolean {
  return !env.twilio;
}

async function call<T>(db: Db, env: Env, path: string, init?: { method: "POST"; body: unknown }): Promise<T> {
  const base = ownRestApiBase(env);
  if (!base) throw new Error("No Twilio emulator in this mode");
  const response = await fetch(`${base}${path}`, {
    method: init?.method ?? "GET",
    headers: { authorization: basicAuthorization(twilioCredentials(db, env)), "content-type": "application/json" },
    body: init ? JSON.stringify(init.body) : undefined,
    signal: AbortSignal.timeout(20_000),
  });
  if (!response.ok) throw new Error(`The Twilio emulator answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  return (await response.json()) as T;
}

/** Plays the phone: the emulator posts the message to our webhook, signed, and acts on the TwiML answer. */
export function sendAsPhone(db: Db, env: Env, input: InboundInput): Promise<InboundResult> {
  return call<InboundResult>(db, env, "/__emulator/inbound", { method: "POST", body: input });
}

/** What the phone has seen: its messages and everything delivered to it. */
export async function phoneConversation(db: Db, env: Env, phone: string): Promise<EmulatedMessage[]> {
  return (await call<{ messages: EmulatedMessage[] }>(db, env, `/__emulator/conversation?phone=${encodeURIComponent(phone)}`)).messages;
}
