import type { Settings } from "@/lib/settings";
import { JOB_PARAM } from "@/lib/webhooks/handlers";
import { webhookUrls } from "@/lib/webhooks/urls";

/** Our status-callback URL for one send job: the Settings URL (token included) plus the job's key. */
export function jobStatusCallbackUrl(baseUrl: string, settings: Pick<Settings, "webhookTokenEnabled" | "webhookToken">, jobKey: string): string {
  const url = new URL(webhookUrls(baseUrl, settings).status);
  url.searchParams.set(JOB_PARAM, jobKey);
  return url.toString();
}
