import type { Db } from "@/db/client";
import { insertError } from "@/db/queries/errors";

const SECRET_NAME = /pass(word)?|token|secret|signature|auth|cookie|session/i;
const MAX_VALUE_LENGTH = 500;

/** A copy safe to keep in the error log: secrets masked, long values cut, nesting bounded. */
export function redact(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === "string") return value.length > MAX_VALUE_LENGTH ? `${value.slice(0, MAX_VALUE_LENGTH)}… (${value.length} chars)` : value;
  if (typeof value !== "object") return value;
  if (depth > 3) return "(nested)";
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => redact(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .slice(0, 100)
      .map(([key, item]) => [key, SECRET_NAME.test(key) ? "[redacted]" : redact(item, depth + 1)]),
  );
}

export function logError(db: Db, source: string, reason: string, details: { detail?: string; payload?: unknown } = {}, now = new Date()): void {
  insertError(db, {
    at: now,
    source,
    reason,
    detail: details.detail ?? null,
    payload: details.payload === undefined ? null : redact(details.payload),
  });
}
