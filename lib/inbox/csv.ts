import { streamCsv } from "@/lib/csv/stream";
import type { InboxRow } from "@/db/queries/inbox";

export const CSV_HEADER = [
  "time_utc", "direction", "number", "profile_name", "body", "command", "status", "error_code", "flag", "handled_at_utc", "message_sid", "sent_by",
  "message_type", "media_count", "media_types", "media_refs", "latitude", "longitude", "location_address", "location_label",
  "button_text", "button_payload", "replied_to_message_sid", "other_parameters",
];

/** Who sent an outbound message: the staff member's email, kept by id so a later rename shows. */
export type SenderNames = ReadonlyMap<number, string>;

/**
 * One CSV field: quoted when it holds a comma, quote or line break, quotes doubled; and text with a
 * leading =, +, -, @ or tab neutralised with an apostrophe so a spreadsheet never runs a message as
 * a formula. A number (a coordinate, an error code, an id) is written as it is: it cannot be a
 * formula, and "'-0.12" would leave a longitude as text no spreadsheet can sort or map.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: (string | number | null | undefined)[]): string {
  return `${fields.map(csvField).join(",")}\r\n`;
}

// Twilio's media URLs end in …/Messages/<message SID>/Media/<media SID>.
const TWILIO_MEDIA_SID = /\/Messages\/[A-Za-z0-9]{34}\/Media\/([A-Za-z0-9]{34})$/;

/**
 * How a reader finds an attachment again without this server: Twilio's media SID (ME…), which with
 * the row's message SID names the file in Twilio's API. The URL itself is not written: Twilio's
 * names the account, and another host's link may carry an access token in its query.
 */
export function mediaRef(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  // Never empty: a reader pairs the space-separated references with the types by position.
  if (!parsed || parsed.origin === "null") return "(unreadable)";
  return TWILIO_MEDIA_SID.exec(parsed.pathname)?.[1] ?? `${parsed.origin}${parsed.pathname}`;
}

/** A content type without its parameters, so the space between a row's attachments is never inside one. */
const mediaType = (contentType: string) => contentType.split(";")[0]!.replace(/\s+/g, "").toLowerCase() || "application/octet-stream";

/**
 * A record of the message as it was: the WhatsApp name it carried (not the contact's name today,
 * which changes with their profile) and, for what we sent, who sent it: a staff member, or
 * "automatic" (an auto-reply, a reminder the daily checks queued).
 */
export function csvRow(row: InboxRow, senders: SenderNames): string {
  const inbound = row.direction === "inbound";
  const media = row.media ?? [];
  return csvLine([
    row.createdAt.toISOString(),
    inbound ? "received" : "sent",
    row.phone ?? (inbound ? row.fromAddress : row.toAddress).replace(/^whatsapp:/, ""),
    inbound ? row.messageProfileName : null,
    row.body,
    row.command,
    row.status,
    row.errorCode,
    row.flag,
    row.handledAt?.toISOString(),
    row.messageSid,
    inbound ? null : row.sentByUserId === null ? "automatic" : (senders.get(row.sentByUserId) ?? `user ${row.sentByUserId}`),
    // What else it carried: a photo or a shared location has no body, and the row must say why.
    row.messageType,
    row.numMedia,
    media.map((item) => mediaType(item.contentType)).join(" "),
    media.map((item) => mediaRef(item.url)).join(" "),
    row.latitude,
    row.longitude,
    row.address,
    row.label,
    row.buttonText,
    row.buttonPayload,
    row.originalRepliedMessageSid,
    row.extra && Object.keys(row.extra).length > 0 ? JSON.stringify(row.extra) : null,
  ]);
}

/** The inbox export as a streamed CSV (see streamCsv). */
export function csvStream(rows: Iterator<InboxRow>, senders: SenderNames, rowsPerChunk = 500): ReadableStream<Uint8Array> {
  return streamCsv(csvLine(CSV_HEADER), rows, (row) => csvRow(row, senders), rowsPerChunk);
}
