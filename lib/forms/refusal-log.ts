import type { Db } from "@/db/client";
import type { ErrorLogEntry, Role } from "@/db/schema";
import { logError } from "@/lib/errors";
import { refusedState, type FieldRefusal } from "./refusal";

/** Every refused form shares one reason, so the Logs page filters them as one kind; the detail says why. */
export const FORM_REFUSED = "input refused";

/** One per form, named after where it is on the page ("form.settings.limits"), never after code. */
export type FormSource = `form.${string}`;

// Wider than redact()'s list on purpose: a refused form's payload is context, and a field that
// could hold a secret (currentPassword, confirmPassword, newPassword, token…) is dropped whole.
const SECRET_FIELD = /pass|secret|token|signature|auth|cookie|session|credential/i;

function withoutSecrets(payload: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).filter(([key]) => !SECRET_FIELD.test(key)));
}

/**
 * Logs a refused form and returns the form's failed state. The entry holds the message the person
 * was shown (not which function refused it) and only the payload fields that name no secret.
 */
export function logFormRefusal(
  db: Db,
  source: FormSource,
  refusal: string | FieldRefusal,
  payload?: Record<string, unknown>,
  now = new Date(),
): { ok: false; error: string; field?: string } {
  const state = refusedState(refusal);
  logError(db, source, FORM_REFUSED, { detail: state.error, payload: payload === undefined ? undefined : withoutSecrets(payload) }, now);
  return state;
}

const EMAIL = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[^\s@"'<>(),;:]+/g;
export const EMAIL_HIDDEN = "[email hidden]";

function hideEmails(value: unknown): unknown {
  if (typeof value === "string") return value.replace(EMAIL, EMAIL_HIDDEN);
  if (Array.isArray(value)) return value.map(hideEmails);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, hideEmails(item)]));
  return value;
}

/**
 * An error-log entry as the Logs page shows it to `role`. Every signed-in user reads the error log,
 * but only admins manage users: staff see entries with email addresses (users' sign-in names)
 * hidden. Hidden when shown rather than when stored, so entries written before (and any source's
 * payload) are covered too.
 */
export function errorEntryFor<Entry extends Pick<ErrorLogEntry, "detail" | "payload">>(entry: Entry, role: Role): Entry {
  if (role === "admin") return entry;
  return { ...entry, detail: entry.detail === null ? null : (hideEmails(entry.detail) as string), payload: hideEmails(entry.payload) as Entry["payload"] };
}
