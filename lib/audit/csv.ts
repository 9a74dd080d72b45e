import type { AuditEntry } from "@/db/schema";
import { streamCsv } from "@/lib/csv/stream";
import { csvLine } from "@/lib/inbox/csv";

export const AUDIT_CSV_HEADER = ["id", "time_utc", "actor", "actor_user_id", "action", "target", "before", "after", "ip", "prev_hash", "hash"];

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/** One entry as a CSV line: the same quoting and formula guard as the inbox export. */
export function auditCsvRow(entry: AuditEntry): string {
  return csvLine([entry.id, entry.at.toISOString(), entry.actorLabel, entry.actorUserId, entry.action, entry.target, json(entry.before), json(entry.after), entry.ip, entry.prevHash, entry.hash]);
}

/** The audit trail as a streamed CSV (see streamCsv): a long trail is never held whole. */
export function auditCsvStream(entries: Iterator<AuditEntry>, entriesPerChunk = 500): ReadableStream<Uint8Array> {
  return streamCsv(csvLine(AUDIT_CSV_HEADER), entries, auditCsvRow, entriesPerChunk);
}
