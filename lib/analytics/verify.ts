import type { Db } from "@/db/client";
import { AGGREGATES, aggregateRows, type AggregateRow } from "@/db/queries/analytics-aggregates";

export interface AggregateMismatch {
  table: string;
  key: string;
  stored: number;
  recounted: number;
}

function byKey(rows: AggregateRow[]): Map<string, number> {
  return new Map(rows.map((row) => [`${row.a}|${row.b}|${row.c}`, Number(row.n)]));
}

/**
 * Recounts every analytics read model from the messages themselves and lists each difference.
 * An empty list proves the aggregates exact. Reads every message: for checks, not for pages.
 */
export function verifyAggregates(db: Db): AggregateMismatch[] {
  const mismatches: AggregateMismatch[] = [];
  for (const [table, queries] of Object.entries(AGGREGATES)) {
    const stored = byKey(aggregateRows(db, queries.stored));
    const recounted = byKey(aggregateRows(db, queries.recount));
    for (const key of new Set([...stored.keys(), ...recounted.keys()])) {
      const a = stored.get(key) ?? 0;
      const b = recounted.get(key) ?? 0;
      if (a !== b) mismatches.push({ table, key, stored: a, recounted: b });
    }
  }
  return mismatches;
}
