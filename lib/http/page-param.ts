import { z } from "zod";

/** `?before=<id>` of a keyset-paged list; anything else means the newest page. */
export const beforeIdParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().catch(undefined);

/** One page of a newest-first list fetched with one extra row: the page, and the id to continue before. */
export function pageOf<T extends { id: number }>(rows: T[], size: number): { items: T[]; olderThan: number | null } {
  const items = rows.slice(0, size);
  return { items, olderThan: rows.length > size ? items.at(-1)!.id : null };
}
