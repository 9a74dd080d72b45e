import fc from "fast-check";
import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { FUZZ_RUNS } from "@/tests/support/fuzz-budget";
import type { FormParams } from "./form";
import { InvalidInboundError, readInbound } from "./inbound";
import { isValidTwilioSignature } from "./signature";
import { InvalidStatusError, readStatusCallback } from "./status";

const RUNS = FUZZ_RUNS.inbound;
const SID = `SM${"0123456789abcdef".repeat(2)}`;

const hostile = fc.constantFrom(
  "<script>alert(1)</script>", "'; DROP TABLE messages; --", "<img src=x onerror=alert(1)>", "مرحبا", "\u202eevil", "🙂👍🏽", "\u0000\u0007\r\n",
  "$&", "", " ", "whatsapp:+919812345678", "+14155238886", SID, `MM${"f".repeat(32)}`, "SMxyz", "-1", "1e9", "NaN", "Infinity", "99", "delivered", "READ",
);
const value = fc.oneof(
  { weight: 3, arbitrary: hostile },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 200, maxLength: 1500 }) },
  { weight: 1, arbitrary: fc.stringMatching(/^whatsapp:\+?[1-9][\d .()-]{6,20}$/) },
);
const inboundNames = fc.constantFrom(
  "MessageSid", "SmsMessageSid", "SmsSid", "AccountSid", "From", "To", "Body", "NumMedia", "ProfileName", "WaId", "MessageType", "Latitude", "Longitude",
  "Address", "Label", "ButtonText", "ButtonPayload", "OriginalRepliedMessageSid", "MediaUrl0", "MediaContentType0", "MediaUrl9", "Referral", "constructor", "toString",
);
const statusNames = fc.constantFrom("MessageSid", "SmsSid", "MessageStatus", "SmsStatus", "ErrorCode", "ErrorMessage", "EventType", "ChannelPrefix", "hasOwnProperty");
/** Params as parseForm returns them: a null-prototype object, arrays where a name repeats. */
const params = (names: fc.Arbitrary<string>) =>
  fc.array(fc.tuple(names, value), { maxLength: 25 }).map((entries) => {
    const out: FormParams = Object.create(null) as FormParams;
    for (const [name, item] of entries) {
      const existing = out[name];
      out[name] = existing === undefined ? item : [...(Array.isArray(existing) ? existing : [existing]), item];
    }
    return out;
  });
/** Mostly valid messages with a few fields replaced, so the fuzzer gets past the first checks. */
const nearlyValid = fc.tuple(params(inboundNames), fc.boolean()).map(([overrides, withSid]) => {
  const base: FormParams = Object.create(null) as FormParams;
  Object.assign(base, withSid ? { MessageSid: SID, From: "whatsapp:+919812345678" } : {}, overrides);
  return base;
});

const allStrings = (value: unknown): string[] =>
  typeof value === "string" ? [value] : Array.isArray(value) ? value.flatMap(allStrings) : value && typeof value === "object" ? Object.values(value).flatMap(allStrings) : [];

/** The reader's result, or undefined once its refusal has been checked to be the expected kind. */
function resultOrRefusal<T>(read: () => T, refusal: new (message: string) => Error, checkMessage: (message: string) => void): T | undefined {
  try {
    return read();
  } catch (error) {
    expect(error).toBeInstanceOf(refusal);
    checkMessage((error as Error).message);
    return undefined;
  }
}

describe("readInbound under fuzzing", () => {
  it("returns a well-formed message or refuses with InvalidInboundError, taking no repeated field", () => {
    fc.assert(fc.property(fc.oneof(params(inboundNames), nearlyValid), (input) => {
      const message = resultOrRefusal(() => readInbound(input), InvalidInboundError, (text) => expect(text).toMatch(/^\w+ (is|are) /));
      if (!message) return;
      // Twilio sends each of these once; the signature cannot tell which of two copies came first.
      for (const name of ["MessageSid", "From", "To", "Body", "ProfileName", "NumMedia"]) expect(Array.isArray(input[name])).toBe(false);
      expect(message.messageSid).toMatch(/^(SM|MM)[0-9a-f]{32}$/i);
      expect(message.from.phone).toMatch(/^\+[1-9]\d{6,14}$/);
      expect(message.body).toBe(input.Body ?? "");
      const name = input.ProfileName;
      if (typeof name === "string" && name.length <= 256) expect(message.profileName).toBe(name === "" ? null : name);
      else if (typeof name === "string") expect(name.startsWith(message.profileName ?? "\u0000")).toBe(true);
      expect(message.profileName?.length ?? 0).toBeLessThanOrEqual(256);
      expect(message.numMedia).toBeGreaterThanOrEqual(0);
      expect(message.numMedia).toBeLessThanOrEqual(10);
      expect(message.media.length).toBeLessThanOrEqual(message.numMedia);
      // Cutting a long field must never leave half an emoji behind.
      for (const text of allStrings(message)) expect(text.isWellFormed()).toBe(true);
    }), { numRuns: RUNS.readInbound });
  });
});

describe("readStatusCallback under fuzzing", () => {
  it("returns a known status or refuses with InvalidStatusError", () => {
    const nearly = fc.tuple(params(statusNames), fc.constantFrom("sent", "delivered", "READ", "failed", "bogus")).map(([overrides, status]) => {
      const base: FormParams = Object.create(null) as FormParams;
      return Object.assign(base, { MessageSid: SID, MessageStatus: status }, overrides);
    });
    fc.assert(fc.property(fc.oneof(params(statusNames), nearly), (input) => {
      const callback = resultOrRefusal(() => readStatusCallback(input), InvalidStatusError, (text) => expect(text.isWellFormed()).toBe(true));
      if (!callback) return;
      for (const name of ["MessageSid", "MessageStatus", "ErrorCode"]) expect(Array.isArray(input[name])).toBe(false);
      expect(callback.messageSid).toMatch(/^(SM|MM)[0-9a-f]{32}$/i);
      expect(callback.status).toMatch(/^[a-z]+$/);
      for (const text of allStrings(callback)) expect(text.isWellFormed()).toBe(true);
    }), { numRuns: RUNS.readStatusCallback });
  });
});

describe("isValidTwilioSignature under fuzzing", () => {
  const TOKEN = "0123456789abcdef0123456789abcdef";
  const url = fc.oneof(
    fc.constantFrom("https://sb.example.com/api/twilio/incoming", "https://sb.example.com/api/twilio/incoming?token=abc", "http://127.0.0.1:3000/api/twilio/status?reply=1"),
    fc.webUrl({ withQueryParameters: true }),
    // What an unchecked Host header can turn the public URL into.
    fc.string({ maxLength: 30 }).map((host) => `http://${host}/api/twilio/incoming`),
  );
  it("never throws, accepts only the exact signed request, and refuses forgeries", () => {
    fc.assert(fc.property(url, params(inboundNames), fc.string({ maxLength: 40 }), value, fc.nat(), (signedUrl, signed, forged, changed, pick) => {
      expect(isValidTwilioSignature(TOKEN, forged, signedUrl, signed)).toBe(forged !== "" && forged === twilio.getExpectedTwilioSignature(TOKEN, signedUrl, signed));
      const signature = twilio.getExpectedTwilioSignature(TOKEN, signedUrl, signed);
      expect(isValidTwilioSignature(TOKEN, signature, signedUrl, signed)).toBe(true);
      expect(isValidTwilioSignature(`${TOKEN.slice(1)}0`, signature, signedUrl, signed)).toBe(false);
      expect(isValidTwilioSignature(TOKEN, signature, `${signedUrl}x`, signed)).toBe(false);
      const names = Object.keys(signed).filter((name) => typeof signed[name] === "string" && signed[name] !== changed);
      const target = names[pick % Math.max(names.length, 1)];
      const tampered: FormParams = Object.assign(Object.create(null) as FormParams, signed, target ? { [target]: changed } : { Extra: changed });
      expect(isValidTwilioSignature(TOKEN, signature, signedUrl, tampered)).toBe(false);
    }), { numRuns: RUNS.signature });
  });
});
