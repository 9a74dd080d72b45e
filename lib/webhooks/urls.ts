import type { Settings } from "@/lib/settings";

export const INCOMING_PATH = "/api/twilio/incoming";
export const STATUS_PATH = "/api/twilio/status";
export const WEBHOOK_TOKEN_PARAM = "token";

export interface WebhookUrls {
  incoming: string;
  status: string;
}

/** The exact URLs to paste into Twilio; the same strings the signature check reconstructs. */
export function webhookUrls(baseUrl: string, settings: Pick<Settings, "webhookTokenEnabled" | "webhookToken">): WebhookUrls {
  const base = baseUrl.replace(/\/+$/, "");
  const query = settings.webhookTokenEnabled && settings.webhookToken ? `?${WEBHOOK_TOKEN_PARAM}=${encodeURIComponent(settings.webhookToken)}` : "";
  return { incoming: `${base}${INCOMING_PATH}${query}`, status: `${base}${STATUS_PATH}${query}` };
}
