/**
 * A record's id from a URL path segment, written the one way the app writes ids: decimal digits,
 * no sign, no leading zero. `Number()` would also read "1e3" as 1000, "0x10" as 16 and " 7" as 7,
 * giving one record many addresses; those are no record at all (a 404).
 */
export function recordIdSegment(segment: string): number | undefined {
  if (!/^[1-9]\d{0,15}$/.test(segment)) return undefined;
  const id = Number(segment);
  return Number.isSafeInteger(id) ? id : undefined;
}
