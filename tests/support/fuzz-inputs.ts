import fc from "fast-check";
import twilio from "twilio";
import { encodeForm, type FormParams } from "@/lib/twilio/form";
import { inboundParams, statusParams } from "./twilio-fixtures";

export const INJECTIONS = ["<script>alert(1)</script>", "'; DROP TABLE messages; --", "<img src=x onerror=alert(1)>"] as const;

/** Text a hostile or merely unusual sender can put in a field: markup, SQL, emoji, RTL, control characters. */
export const hostileText = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...INJECTIONS, "\" onmouseover=\"alert(1)", "Robert'); DROP TABLE contacts;--", "{{7*7}}${7*7}", "$&$'$`", "%00%0d%0a") },
  { weight: 2, arbitrary: fc.constantFrom("مرحبا بالعالم", "\u202eevil\u202c", "שלום", "🙂👍🏽👩‍👩‍👧", "\u0000\u0001\u0007\b\u001b[31m", "\r\n\t\v\f", "\ufeff\u200b\u200d", "ＳＴＯＰ", "stop", "HELP") },
  { weight: 4, arbitrary: fc.string({ unit: "grapheme", maxLength: 60 }) },
  // Arbitrary UTF-16 made well-formed: anything that survives strict UTF-8 decoding.
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 60 }).map((text) => text.toWellFormed()) },
);
/** Around, at and over the 64 KiB body limit once encoded (emoji take 12 bytes percent-encoded). */
export const hugeText = fc.oneof(
  fc.integer({ min: 1000, max: 70_000 }).map((n) => "x".repeat(n)),
  fc.integer({ min: 100, max: 6000 }).map((n) => "🙂".repeat(n)),
  fc.integer({ min: 60_000, max: 66_000 }).map((n) => "a".repeat(n)),
);

const REQUIRED = ["MessageSid", "SmsMessageSid", "SmsSid", "From", "To", "Body", "ProfileName", "AccountSid", "NumMedia", "WaId"];
const EXTRA_NAMES = fc.oneof(fc.constantFrom("Forwarded", "ReferralNumMedia", "constructor", "toString", "hasOwnProperty", "Body", "From", "MessageSid", "MediaUrl0"), fc.string({ minLength: 1, maxLength: 12 }).map((name) => name.toWellFormed()).filter((name) => name !== "__proto__"));

export interface InboundCase {
  params: FormParams;
  /** Parameters left out, so a test knows which refusal to expect. */
  missing: string[];
}

/** A WhatsApp message as Twilio would post it, then mangled: hostile fields, parameters dropped, repeated, added. */
export const inboundCase: fc.Arbitrary<InboundCase> = fc
  .record({
    body: fc.oneof({ weight: 8, arbitrary: hostileText }, { weight: 1, arbitrary: hugeText }),
    profileName: fc.oneof(hostileText, fc.constant(""), fc.string({ unit: "grapheme", minLength: 250, maxLength: 300 })),
    from: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1000, max: 9999 }).map((n) => `whatsapp:+9198123${n}`) }, { weight: 1, arbitrary: hostileText }),
    missing: fc.oneof({ weight: 5, arbitrary: fc.constant<string[]>([]) }, { weight: 2, arbitrary: fc.subarray(REQUIRED, { minLength: 1, maxLength: 3 }) }),
    repeated: fc.oneof({ weight: 5, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.subarray(["Body", "From", "ProfileName", "MessageSid", "Referral"], { minLength: 1, maxLength: 2 }) }),
    extra: fc.array(fc.tuple(EXTRA_NAMES, hostileText), { maxLength: 4 }),
    media: fc.boolean(),
  })
  .map(({ body, profileName, from, missing, repeated, extra, media }) => {
    const params: FormParams = Object.assign(Object.create(null) as FormParams, inboundParams({ Body: body, ProfileName: profileName, From: from }));
    if (media) Object.assign(params, { NumMedia: "1", MediaUrl0: "https://api.twilio.com/2010-04-01/media/ME1", MediaContentType0: "image/jpeg" });
    for (const [name, value] of extra) if (params[name] === undefined) params[name] = value;
    for (const name of repeated) {
      const current = params[name];
      params[name] = [...(Array.isArray(current) ? current : current === undefined ? [] : [current]), "second copy"];
    }
    for (const name of missing) delete params[name];
    return { params, missing };
  });

export const statusCase: fc.Arbitrary<FormParams> = fc
  .record({
    status: fc.oneof(fc.constantFrom("queued", "sent", "delivered", "read", "failed", "undelivered", "DELIVERED"), hostileText),
    errorMessage: fc.option(hostileText, { nil: undefined }),
    errorCode: fc.option(fc.oneof(fc.constantFrom("63016", "30008"), hostileText), { nil: undefined }),
    missing: fc.subarray(["MessageSid", "SmsSid", "MessageStatus", "SmsStatus"], { maxLength: 2 }),
    repeated: fc.subarray(["MessageStatus", "ErrorCode"], { maxLength: 1 }),
  })
  .map(({ status, errorMessage, errorCode, missing, repeated }) => {
    const params: FormParams = Object.assign(Object.create(null) as FormParams, statusParams(`SM${"ab".repeat(16)}`, status, {
      ...(errorMessage === undefined ? {} : { ErrorMessage: errorMessage }),
      ...(errorCode === undefined ? {} : { ErrorCode: errorCode }),
    }));
    for (const name of repeated) params[name] = [String(params[name] ?? ""), "sent"];
    for (const name of missing) delete params[name];
    return params;
  });

/** How an attacker without the auth token dresses a request up. */
export type Forgery = "forged" | "other-url" | "other-token" | "none" | "garbage";
export const forgery = fc.constantFrom<Forgery>("forged", "other-url", "other-token", "none", "garbage");

export function signatureFor(kind: Forgery | "valid", authToken: string, url: string, params: FormParams): string | null {
  switch (kind) {
    case "valid": return twilio.getExpectedTwilioSignature(authToken, url, params);
    case "forged": return "AAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    case "other-url": return twilio.getExpectedTwilioSignature(authToken, url.includes("/incoming") ? url.replace("/incoming", "/status") : url.replace("/status", "/incoming"), params);
    case "other-token": return twilio.getExpectedTwilioSignature(`${authToken.slice(1)}x`, url, params);
    case "none": return null;
    case "garbage": return "\u00ff\u00fe not base64 =";
  }
}

/** A raw body that is not a clean form: random bytes, invalid UTF-8, a valid body cut short or spliced. */
export const rawBody = fc.oneof(
  fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes)),
  fc.tuple(inboundCase, fc.nat()).map(([{ params }, cut]) => {
    const body = encodeForm(params);
    return Buffer.from(body.slice(0, cut % (body.length + 1)));
  }),
  fc.tuple(inboundCase, fc.nat(), fc.constantFrom([0xff], [0xc3], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80])).map(([{ params }, at, bad]) => {
    const body = Buffer.from(encodeForm(params));
    const i = at % (body.length + 1);
    return Buffer.concat([body.subarray(0, i), Buffer.from(bad), body.subarray(i)]);
  }),
  fc.tuple(inboundCase, fc.constantFrom("%", "%E0%A4%A", "%C3%28", "%ED%A0%80", "=x", "&=&", "__proto__=1", "%ZZ")).map(([{ params }, bad]) => Buffer.from(`${encodeForm(params)}&Body=${bad}`)),
);
