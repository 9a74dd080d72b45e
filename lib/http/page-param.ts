import { z } from "zod";
import { recordIdSegment } from "./record-id";

/**
 * `?before=<id>` of a keyset-paged list, written as the app writes ids; anything else means the
 * newest page. A coerced number would read "1e3", "0x10" and " 7", giving one page many addresses.
 */
export const beforeIdParam = z
  .string()
  .optional()
  .transform((value) => (value === undefined ? undefined : recordIdSegment(value)))
  .catch(undefined);

/** One page of a newest-first list fetched with one extra row: the page, and the id to continue before. */
export function pageOf<T extends { id: number }>(rows: T[], size: number): { items: T[]; olderThan: number | null } {
  const items = rows.slice(0, size);
  return { items, olderThan: rows.length > size ? items.at(-1)!.id : null };
}
