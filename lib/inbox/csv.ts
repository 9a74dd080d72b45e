import { streamCsv } from "@/lib/csv/stream";
import type { InboxRow } from "@/db/queries/inbox";

export const CSV_HEADER = ["time_utc", "direction", "number", "profile_name", "body", "command", "status", "error_code", "flag", "handled_at_utc", "message_sid", "sent_by"];

/** Who sent an outbound message: the staff member's email, kept by id so a later rename shows. */
export type SenderNames = ReadonlyMap<number, string>;

/**
 * One CSV field: quoted when it holds a comma, quote or line break, quotes doubled; and a leading
 * =, +, -, @ or tab neutralised with an apostrophe so a spreadsheet never runs a message as a formula.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: (string | number | null | undefined)[]): string {
  return `${fields.map(csvField).join(",")}\r\n`;
}

/**
 * A record of the message as it was: the WhatsApp name it carried (not the contact's name today,
 * which changes with their profile) and, for what we sent, who sent it: a staff member, or
 * "automatic" (an auto-reply, a reminder the daily checks queued).
 */
export function csvRow(row: InboxRow, senders: SenderNames): string {
  const inbound = row.direction === "inbound";
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
  ]);
}

/** The inbox export as a streamed CSV (see streamCsv). */
export function csvStream(rows: Iterator<InboxRow>, senders: SenderNames, rowsPerChunk = 500): ReadableStream<Uint8Array> {
  return streamCsv(csvLine(CSV_HEADER), rows, (row) => csvRow(row, senders), rowsPerChunk);
}
