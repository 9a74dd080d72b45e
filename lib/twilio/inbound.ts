import type { MediaItem } from "@/db/schema";
import { truncateText } from "@/lib/text";
import { singleField, type FormParams } from "./form";

/** Twilio's inbound message parameters, reduced to what we store. */
export interface InboundMessage {
  messageSid: string;
  accountSid: string | null;
  from: Address;
  to: Address;
  body: string;
  numMedia: number;
  media: MediaItem[];
  messageType: string | null;
  profileName: string | null;
  waId: string | null;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  label: string | null;
  buttonText: string | null;
  buttonPayload: string | null;
  originalRepliedMessageSid: string | null;
  extra: FormParams;
}

export interface Address {
  /** As Twilio sent it, e.g. "whatsapp:+919812345678". */
  raw: string;
  channel: string;
  /** E.164 when it is a phone number, e.g. "+919812345678". */
  phone: string;
}

export class InvalidInboundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidInboundError";
  }
}

const MESSAGE_SID = /^(SM|MM)[0-9a-f]{32}$/i;
const MAX_MEDIA = 10;
const KNOWN = new Set([
  "MessageSid", "SmsMessageSid", "SmsSid", "AccountSid", "From", "To", "Body", "NumMedia", "NumSegments", "ApiVersion", "SmsStatus",
  "ProfileName", "WaId", "MessageType", "Latitude", "Longitude", "Address", "Label", "ButtonText", "ButtonPayload",
  "OriginalRepliedMessageSid", "MessagingServiceSid",
]);

/** "whatsapp:+91 98123-45678" → { channel: "whatsapp", phone: "+919812345678" }. */
export function parseAddress(raw: string): Address | undefined {
  const trimmed = raw.trim();
  const colon = trimmed.indexOf(":");
  const channel = colon === -1 ? "sms" : trimmed.slice(0, colon).toLowerCase();
  const rest = colon === -1 ? trimmed : trimmed.slice(colon + 1);
  const digits = rest.replace(/[\s().-]/g, "");
  const match = /^\+?([1-9]\d{6,14})$/.exec(digits);
  if (!match || !/^[a-z]+$/.test(channel)) return undefined;
  return { raw: `${channel}:+${match[1]}`, channel, phone: `+${match[1]}` };
}

const single = (params: FormParams, name: string) => singleField(params, name, (reason) => new InvalidInboundError(reason));

function optional(params: FormParams, name: string, maxLength = 4096): string | null {
  const value = single(params, name);
  if (value === undefined || value === "") return null;
  return truncateText(value, maxLength);
}

function coordinate(params: FormParams, name: string, limit: number): number | null {
  const value = single(params, name);
  if (value === undefined || value === "") return null;
  const number = Number(value);
  return Number.isFinite(number) && Math.abs(number) <= limit ? number : null;
}

export function readInbound(params: FormParams): InboundMessage {
  const messageSid = single(params, "MessageSid") ?? single(params, "SmsMessageSid") ?? single(params, "SmsSid");
  if (!messageSid) throw new InvalidInboundError("MessageSid is missing");
  if (!MESSAGE_SID.test(messageSid)) throw new InvalidInboundError("MessageSid is not an SM or MM message SID");
  const fromRaw = single(params, "From");
  if (!fromRaw) throw new InvalidInboundError("From is missing");
  const from = parseAddress(fromRaw);
  if (!from) throw new InvalidInboundError("From is not a phone number");
  const to = parseAddress(single(params, "To") ?? "") ?? { raw: single(params, "To") ?? "", channel: from.channel, phone: "" };

  const numMedia = Math.min(Math.max(Number.parseInt(single(params, "NumMedia") ?? "0", 10) || 0, 0), MAX_MEDIA);
  const media: MediaItem[] = [];
  for (let i = 0; i < numMedia; i++) {
    const url = single(params, `MediaUrl${i}`);
    if (url) media.push({ url, contentType: single(params, `MediaContentType${i}`) ?? "application/octet-stream" });
  }
  const extra: FormParams = {};
  for (const [name, value] of Object.entries(params)) {
    if (!KNOWN.has(name) && !/^Media(Url|ContentType)\d+$/.test(name)) extra[name] = value;
  }

  return {
    messageSid,
    accountSid: optional(params, "AccountSid", 64),
    from,
    to,
    body: single(params, "Body") ?? "",
    numMedia,
    media,
    messageType: optional(params, "MessageType", 32),
    profileName: optional(params, "ProfileName", 256),
    waId: optional(params, "WaId", 32),
    latitude: coordinate(params, "Latitude", 90),
    longitude: coordinate(params, "Longitude", 180),
    address: optional(params, "Address", 1024),
    label: optional(params, "Label", 1024),
    buttonText: optional(params, "ButtonText", 1024),
    buttonPayload: optional(params, "ButtonPayload", 1024),
    originalRepliedMessageSid: optional(params, "OriginalRepliedMessageSid", 64),
    extra,
  };
}
