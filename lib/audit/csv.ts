import type { AuditEntry } from "@/db/schema";
import { csvLine } from "@/lib/inbox/csv";

export const AUDIT_CSV_HEADER = ["id", "time_utc", "actor", "actor_user_id", "action", "target", "before", "after", "ip", "prev_hash", "hash"];

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/** One entry as a CSV line: the same quoting and formula guard as the inbox export. */
export function auditCsvRow(entry: AuditEntry): string {
  return csvLine([entry.id, entry.at.toISOString(), entry.actorLabel, entry.actorUserId, entry.action, entry.target, json(entry.before), json(entry.after), entry.ip, entry.prevHash, entry.hash]);
}

/**
 * The audit trail as a streamed CSV (UTF-8 with a BOM so spreadsheets pick the encoding): entries
 * are pulled as the client reads, a few hundred at a time, so a long trail is never held whole and
 * the server answers other requests between chunks.
 */
export function auditCsvStream(entries: Iterator<AuditEntry>, entriesPerChunk = 500): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let started = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      let chunk = started ? "" : `\uFEFF${csvLine(AUDIT_CSV_HEADER)}`;
      started = true;
      for (let i = 0; i < entriesPerChunk; i++) {
        const next = entries.next();
        if (next.done) {
          controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += auditCsvRow(next.value);
      }
      controller.enqueue(encoder.encode(chunk));
    },
    cancel() {
      // A canceled download stops reading the database.
      entries.return?.();
    },
  });
}
