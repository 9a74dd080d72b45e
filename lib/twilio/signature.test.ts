import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { getExpectedBodyHash } from "twilio/lib/webhooks/webhooks";
import { isValidTwilioSignature, twilioSignature } from "./signature";

// twilio-node's own test vectors (see ../shared/TWILIO.md).
const TOKEN = "12345";
const URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
const PARAMS = { CallSid: "CA1234567890ABCDE", Caller: "+14158675309", Digits: "1234", From: "+14158675309", To: "+18005551212" };
const SIGNATURE = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

describe("Twilio request signatures", () => {
  it("matches twilio-node's vector", () => {
    expect(twilioSignature(TOKEN, URL, PARAMS)).toBe(SIGNATURE);
    expect(isValidTwilioSignature(TOKEN, SIGNATURE, URL, PARAMS)).toBe(true);
  });

  it("accepts the same signature for the URL with the default port", () => {
    expect(isValidTwilioSignature(TOKEN, SIGNATURE, "https://mycompany.com:443/myapp.php?foo=1&bar=2", PARAMS)).toBe(true);
  });

  it("rejects a wrong token, a changed parameter, another URL, and a missing header", () => {
    expect(isValidTwilioSignature("54321", SIGNATURE, URL, PARAMS)).toBe(false);
    expect(isValidTwilioSignature(TOKEN, SIGNATURE, URL, { ...PARAMS, Digits: "1235" })).toBe(false);
    expect(isValidTwilioSignature(TOKEN, SIGNATURE, "https://mycompany.com/other.php?foo=1&bar=2", PARAMS)).toBe(false);
    expect(isValidTwilioSignature(TOKEN, null, URL, PARAMS)).toBe(false);
  });

  it("signs repeated parameters as the package does", () => {
    const params = { MediaUrl: ["https://a.example/1", "https://a.example/2"], Body: "x" };
    const signature = twilio.getExpectedTwilioSignature(TOKEN, URL, params);
    expect(isValidTwilioSignature(TOKEN, signature, URL, params)).toBe(true);
    expect(isValidTwilioSignature(TOKEN, signature, URL, { ...params, MediaUrl: ["https://a.example/1"] })).toBe(false);
  });

  it("matches the body-hash vector", () => {
    expect(getExpectedBodyHash('{"property": "value", "boolean": true}')).toBe("0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620");
  });

  it("refuses, rather than throws, when the URL cannot be parsed", () => {
    expect(isValidTwilioSignature(TOKEN, SIGNATURE, "http://bad host/myapp.php", PARAMS)).toBe(false);
  });
});
