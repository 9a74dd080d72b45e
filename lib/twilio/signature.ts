import { getExpectedTwilioSignature, validateRequest } from "twilio/lib/webhooks/webhooks";
import type { FormParams } from "./form";

/** Twilio's own check: the public URL plus the sorted POST parameters, HMAC-SHA1 with the auth token, compared in constant time. */
export function isValidTwilioSignature(authToken: string, signature: string | null, url: string, params: FormParams): boolean {
  if (!signature) return false;
  try {
    return validateRequest(authToken, signature, url, params);
  } catch {
    // The package parses the URL to try normalised forms; one that cannot be parsed (a hostile
    // Host header makes the public URL when PUBLIC_BASE_URL is unset) was never signed by Twilio.
    return false;
  }
}

/** What Twilio would send for this request; the emulator and the simulator sign with it. */
export function twilioSignature(authToken: string, url: string, params: FormParams): string {
  return getExpectedTwilioSignature(authToken, url, params);
}
