import type { Db } from "@/db/client";
import type { InboundResult } from "@/lib/emulator/emulator";
import { getSettings, internalValue } from "@/lib/settings";
import { webhookUrls } from "@/lib/webhooks/urls";
import { emulatorRequest, type RunningServer } from "./server";

/** A real 2×1 PNG. */
export const TINY_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAD0lEQVR4nGMQ2Nn4//9/AAwCBEinqGIBAAAAAElFTkSuQmCC", "base64");

/** The local account simulator mode generated, as the server keeps it. */
export function simulatorAccount(db: Db): { accountSid: string; authToken: string } {
  const missing = () => {
    throw new Error("the server has not created its simulator account yet");
  };
  return { accountSid: internalValue(db, "internal.simulatorAccountSid", missing), authToken: internalValue(db, "internal.simulatorAuthToken", missing) };
}

/**
 * A phone sends a file through the server's own emulator (simulator mode): Twilio-style, the
 * emulator keeps it behind an authenticated media URL and posts that URL to our webhook.
 */
export async function sendFileFromPhone(server: RunningServer, db: Db, input: { from: string; contentType: string; data: Buffer; body?: string }): Promise<{ messageId: number; mediaUrl: string }> {
  const result = await emulatorRequest<InboundResult>({ baseUrl: `${server.baseUrl}/__twilio` }, simulatorAccount(db), "/__emulator/inbound", {
    url: webhookUrls(server.baseUrl, getSettings(db)).incoming,
    from: input.from,
    body: input.body ?? "",
    media: { contentType: input.contentType, base64: input.data.toString("base64") },
  });
  const row = db.$client.prepare("select id, media from messages where message_sid = ?").get(result.messageSid) as { id: number; media: string } | undefined;
  if (!row) throw new Error(`the webhook did not store ${result.messageSid} (HTTP ${result.httpStatus})`);
  return { messageId: row.id, mediaUrl: (JSON.parse(row.media) as { url: string }[])[0]!.url };
}
