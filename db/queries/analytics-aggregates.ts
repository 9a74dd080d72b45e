import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";

// Each read model as stored, and the same figures recounted from messages: the definition the
// triggers of migration 0007 must keep. Columns a, b, c identify a row; n is its count.
export const AGGREGATES: Record<string, { stored: SQL; recount: SQL }> = {
  message_counts: {
    stored: sql.raw(`SELECT day AS a, direction AS b, kind AS c, count AS n FROM message_counts`),
    recount: sql.raw(
      `SELECT (m.created_at / 86400000) AS a, m.direction AS b, CASE WHEN m.direction = 'inbound' THEN coalesce(m.command, '') WHEN m.reply_to_id IS NOT NULL THEN 'reply' ELSE 'message' END AS c, count(*) AS n FROM messages m GROUP BY 1, 2, 3`,
    ),
  },
  hourly_counts: {
    stored: sql.raw(`SELECT hour AS a, direction AS b, '' AS c, count AS n FROM hourly_counts`),
    recount: sql.raw(
      `SELECT (m.created_at / 3600000) * 3600000 AS a, m.direction AS b, '' AS c, count(*) AS n FROM messages m GROUP BY 1, 2`,
    ),
  },
  status_counts: {
    stored: sql.raw(`SELECT day AS a, status AS b, '' AS c, count AS n FROM status_counts`),
    recount: sql.raw(
      `SELECT (m.created_at / 86400000) AS a, m.status AS b, '' AS c, count(*) AS n FROM messages m WHERE m.direction = 'outbound' GROUP BY 1, 2`,
    ),
  },
  error_counts: {
    stored: sql.raw(`SELECT day AS a, error_code AS b, '' AS c, count AS n FROM error_counts`),
    recount: sql.raw(
      `SELECT (m.created_at / 86400000) AS a, m.error_code AS b, '' AS c, count(*) AS n FROM messages m WHERE m.direction = 'outbound' AND m.status IN ('failed', 'undelivered') AND m.error_code IS NOT NULL GROUP BY 1, 2`,
    ),
  },
  daily_senders: {
    stored: sql.raw(`SELECT day AS a, contact_id AS b, '' AS c, count AS n FROM daily_senders`),
    recount: sql.raw(
      `SELECT (m.created_at / 86400000) AS a, m.contact_id AS b, '' AS c, count(*) AS n FROM messages m WHERE m.direction = 'inbound' AND m.contact_id IS NOT NULL GROUP BY 1, 2`,
    ),
  },
  latency_counts: {
    stored: sql.raw(`SELECT day AS a, bucket AS b, '' AS c, count AS n FROM latency_counts`),
    recount: sql.raw(
      `SELECT (m.created_at / 86400000) AS a, CASE WHEN (m.delivered_at - m.sent_at) < 1000 THEN 1 WHEN (m.delivered_at - m.sent_at) < 2000 THEN 2 WHEN (m.delivered_at - m.sent_at) < 5000 THEN 5 WHEN (m.delivered_at - m.sent_at) < 10000 THEN 10 WHEN (m.delivered_at - m.sent_at) < 30000 THEN 30 WHEN (m.delivered_at - m.sent_at) < 60000 THEN 60 WHEN (m.delivered_at - m.sent_at) < 300000 THEN 300 WHEN (m.delivered_at - m.sent_at) < 900000 THEN 900 WHEN (m.delivered_at - m.sent_at) < 3600000 THEN 3600 WHEN (m.delivered_at - m.sent_at) < 86400000 THEN 86400 ELSE 0 END AS b, '' AS c, count(*) AS n FROM messages m WHERE m.direction = 'outbound' AND m.sent_at IS NOT NULL AND m.delivered_at IS NOT NULL GROUP BY 1, 2`,
    ),
  },
};

export type AggregateRow = { a: number | string; b: number | string | null; c: string; n: number };

export function aggregateRows(db: Db, query: SQL): AggregateRow[] {
  return db.all<AggregateRow>(query);
}
