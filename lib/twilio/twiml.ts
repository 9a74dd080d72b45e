// Characters XML 1.0 cannot carry at all. A reply quoting a sender's profile name must still be a
// valid document (twilio's own builder throws on them), so they are dropped.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

// Escaped as xmlbuilder (twilio's builder) does, so parsers keep carriage returns and attribute whitespace.
const escapeText = (text: string) => text.replace(NOT_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#xD;");
const escapeAttribute = (text: string) => escapeText(text).replace(/"/g, "&quot;").replace(/\t/g, "&#x9;").replace(/\n/g, "&#xA;");

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * `<Response><Message action=…>text</Message></Response>`, or an empty `<Response/>` when there is
 * nothing to say. The same document as twilio's MessagingResponse builds (byte for byte for
 * ordinary replies; it also escapes `>` inside attributes and writes an empty reply as
 * `<Message></Message>`), written directly because the webhook answers it on every request.
 */
export function messagingTwiml(reply: { body: string; statusCallbackUrl?: string } | null): string {
  if (!reply) return `${DECLARATION}<Response/>`;
  const action = reply.statusCallbackUrl ? ` action="${escapeAttribute(reply.statusCallbackUrl)}" method="POST"` : "";
  return `${DECLARATION}<Response><Message${action}>${escapeText(reply.body)}</Message></Response>`;
}
