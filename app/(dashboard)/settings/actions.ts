"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authorizeAction, type ActionResult } from "@/lib/auth/current";
import { appDb } from "@/lib/db";
import { logError } from "@/lib/errors";
import { getSettings, newWebhookToken, updateSettings } from "@/lib/settings";

const flag = z.boolean();

function invalid(source: string, value: unknown): ActionResult {
  logError(appDb(), "settings", "invalid input", { detail: source, payload: { value } });
  return { ok: false, status: 400, error: "That value is not valid." };
}

export async function setIncomingEnabled(enabled: boolean): Promise<ActionResult> {
  const auth = await authorizeAction("admin");
  if ("refusal" in auth) return auth.refusal;
  const parsed = flag.safeParse(enabled);
  if (!parsed.success) return invalid("setIncomingEnabled", enabled);
  updateSettings(appDb(), auth.actor, { incomingEnabled: parsed.data }, parsed.data ? "settings.incoming_enabled" : "settings.incoming_disabled");
  revalidatePath("/settings");
  return { ok: true };
}

export async function setWebhookTokenEnabled(enabled: boolean): Promise<ActionResult> {
  const auth = await authorizeAction("admin");
  if ("refusal" in auth) return auth.refusal;
  const parsed = flag.safeParse(enabled);
  if (!parsed.success) return invalid("setWebhookTokenEnabled", enabled);
  const db = appDb();
  const needsToken = parsed.data && !getSettings(db).webhookToken;
  updateSettings(
    db,
    auth.actor,
    { webhookTokenEnabled: parsed.data, ...(needsToken ? { webhookToken: newWebhookToken() } : {}) },
    parsed.data ? "settings.webhook_token_enabled" : "settings.webhook_token_disabled",
  );
  revalidatePath("/settings");
  return { ok: true };
}

export async function regenerateWebhookToken(): Promise<ActionResult> {
  const auth = await authorizeAction("admin");
  if ("refusal" in auth) return auth.refusal;
  updateSettings(appDb(), auth.actor, { webhookToken: newWebhookToken() }, "settings.webhook_token_regenerated");
  revalidatePath("/settings");
  return { ok: true, message: "New token generated. Update both URLs in the Twilio console now." };
}
