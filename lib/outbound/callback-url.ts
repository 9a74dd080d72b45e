import { twilioCanCall } from "@/lib/net/public-origin";
import type { Settings } from "@/lib/settings";

import { JOB_PARAM } from "@/lib/webhooks/handlers";
import { webhookUrls } from "@/lib/webhooks/urls";

/** Our status-callback URL for one send job: the Settings URL (token included) plus the job's key. */
export function jobStatusCallbackUrl(baseUrl: string, settings: Pick<Settings, "webhookTokenEnabled" | "webhookToken">, jobKey: string): string {
  const url = new URL(webhookUrls(baseUrl, settings).status);
  url.searchParams.set(JOB_PARAM, jobKey);
  return url.toString();
}

/**
 * Where Twilio should post a REST send's delivery statuses: PUBLIC_BASE_URL; in simulator mode this
 * server itself (the emulator runs beside it); live without PUBLIC_BASE_URL, the origin Twilio's
 * signed webhooks last reached, and none before one has. An origin only this machine or its
 * network can reach (learned while the simulator signed requests, say) is named only to a Twilio
 * that is local too (an emulator at TWILIO_API_BASE): the real one would refuse the send, or its
 * statuses would never come.
 */
export function sendCallbackBase(
  env: { publicBaseUrl?: string; twilioApiBase?: string },
  mode: "live" | "simulator",
  localOrigin: string,
  settings: Pick<Settings, "twilioReachesUsAt">,
): string | null {
  if (env.publicBaseUrl) return env.publicBaseUrl;
  if (mode === "simulator") return localOrigin;
  return settings.twilioReachesUsAt && twilioCanCall(settings.twilioReachesUsAt, env.twilioApiBase) ? settings.twilioReachesUsAt : null;
}
