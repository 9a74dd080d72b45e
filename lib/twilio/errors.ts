/** What Twilio's error codes mean for a compliance team reading the inbox. */
export const TWILIO_ERROR_MEANINGS: Record<number, string> = {
  11200: "Our webhook failed or timed out when Twilio called it",
  12300: "Our webhook answered with an invalid content type",
  20003: "Twilio refused our credentials",
  20429: "Too many requests to Twilio: retried with backoff",
  21211: "Invalid 'To' phone number",
  21610: "The recipient unsubscribed",
  30003: "Unreachable: the phone is off or out of coverage",
  30005: "Unknown destination: the number does not exist",
  30007: "Filtered as spam by the carrier or WhatsApp",
  30008: "Unknown error from the carrier",
  63003: "WhatsApp could not find the recipient",
  63016: "Outside the 24-hour window: only an approved template can be sent",
  63018: "Rate limit for the WhatsApp channel exceeded",
  63024: "Invalid WhatsApp recipient",
  63028: "The template's variables do not match the ones it declares",
  63049: "Meta chose not to deliver this marketing message",
};

export function describeTwilioError(code: number | null | undefined): string | null {
  if (code === null || code === undefined) return null;
  return TWILIO_ERROR_MEANINGS[code] ?? `Twilio error ${code}`;
}
