import type { InboxRow } from "@/db/queries/inbox";

export const CSV_HEADER = ["time_utc", "direction", "number", "profile_name", "body", "command", "status", "error_code", "flag", "handled_at_utc", "message_sid"];

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

export function csvRow(row: InboxRow): string {
  const inbound = row.direction === "inbound";
  return csvLine([
    row.createdAt.toISOString(),
    inbound ? "received" : "sent",
    row.phone ?? (inbound ? row.fromAddress : row.toAddress).replace(/^whatsapp:/, ""),
    row.profileName,
    row.body,
    row.command,
    row.status,
    row.errorCode,
    row.flag,
    row.handledAt?.toISOString(),
    row.messageSid,
  ]);
}

/** A streamed CSV (UTF-8 with a BOM so spreadsheets pick the encoding): rows are pulled as the client reads. */
export function csvStream(rows: Iterator<InboxRow>, rowsPerChunk = 500): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let started = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      let chunk = started ? "" : `\uFEFF${csvLine(CSV_HEADER)}`;
      started = true;
      for (let i = 0; i < rowsPerChunk; i++) {
        const next = rows.next();
        if (next.done) {
          controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += csvRow(next.value);
      }
      controller.enqueue(encoder.encode(chunk));
    },
  });
}
