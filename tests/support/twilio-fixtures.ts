import { randomBytes } from "node:crypto";
import type { FormParams } from "@/lib/twilio/form";

export function messageSid(prefix: "SM" | "MM" = "SM"): string {
  return `${prefix}${randomBytes(16).toString("hex")}`;
}

/** A WhatsApp text message exactly as Twilio posts it. */
export function inboundParams(overrides: Partial<Record<string, string>> & { Body?: string; From?: string } = {}): FormParams {
  const sid = overrides.MessageSid ?? messageSid();
  const from = overrides.From ?? "whatsapp:+919812345678";
  const params: Record<string, string> = {
    SmsMessageSid: sid,
    NumMedia: "0",
    ProfileName: "Asha",
    MessageType: "text",
    SmsSid: sid,
    WaId: from.replace(/^whatsapp:\+/, ""),
    SmsStatus: "received",
    Body: "HELP",
    To: "whatsapp:+14155238886",
    NumSegments: "1",
    ReferralNumMedia: "0",
    MessageSid: sid,
    AccountSid: `AC${"0".repeat(32)}`,
    From: from,
    ApiVersion: "2010-04-01",
  };
  for (const [name, value] of Object.entries(overrides)) if (value !== undefined) params[name] = value;
  return params;
}

export function statusParams(sid: string, status: string, extra: Record<string, string> = {}): FormParams {
  return {
    MessageSid: sid, SmsSid: sid, MessageStatus: status, SmsStatus: status, AccountSid: `AC${"0".repeat(32)}`,
    From: "whatsapp:+14155238886", To: "whatsapp:+919812345678", ApiVersion: "2010-04-01", ChannelPrefix: "whatsapp", ...extra,
  };
}
