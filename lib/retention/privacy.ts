import { createHash } from "node:crypto";
import { z } from "zod";
import { inTransaction, type Db } from "@/db/client";
import { findContactByPhone } from "@/db/queries/contacts";
import { deleteErrorsMentioning } from "@/db/queries/errors";
import { activeHolds, countHeldMessagesOfContact, deleteContact, deleteMessagesById, findHold, holdsForNumber, insertHold, messageIdsOfContact, reduceContactToFlags, releaseHold } from "@/db/queries/retention";
import type { LegalHold } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit";
import { InvalidNumberError, toE164 } from "@/lib/contacts/block";
import { logFormRefusal } from "@/lib/forms/refusal-log";
import type { FieldRefusal } from "@/lib/forms/refusal";
import { isDay } from "@/lib/workflows/dates";

export class PrivacyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PrivacyError";
  }
}

export const holdInput = z
  .object({
    phone: z.string().trim(),
    fromDay: z.string().trim().refine((value) => value === "" || isDay(value), "From must be a date"),
    toDay: z.string().trim().refine((value) => value === "" || isDay(value), "To must be a date"),
    reason: z.string().trim().min(3, "Give the reason for the hold").max(500, "Reasons can have at most 500 characters"),
  })
  .refine((value) => value.phone || value.fromDay || value.toDay, { message: "A hold needs a number, a date range, or both", path: ["phone"] })
  .refine((value) => !value.fromDay || !value.toDay || value.fromDay <= value.toDay, { message: "From must not be after To", path: ["toDay"] });

export function placeHold(db: Db, actor: Actor, input: z.infer<typeof holdInput>, now = new Date()): LegalHold {
  const phone = input.phone ? toE164(input.phone) : null;
  return inTransaction(db, () => {
    const hold = insertHold(db, { phone, fromDay: input.fromDay || null, toDay: input.toDay || null, reason: input.reason, createdByUserId: actor.id, createdByLabel: actor.label }, now);
    recordAudit(db, actor, "retention.hold_place", { target: `hold ${hold.id}`, after: { phone, fromDay: hold.fromDay, toDay: hold.toDay, reason: hold.reason } }, now);
    return hold;
  });
}

// Only a tampered form or a stale page sends a bad id: it reads as a hold that is not there.
const HOLD_GONE = "That hold is not active.";

export const releaseInput = z.object({
  id: z.coerce.number({ error: HOLD_GONE }).int(HOLD_GONE).positive(HOLD_GONE).max(Number.MAX_SAFE_INTEGER, HOLD_GONE),
  reason: z.string().trim().min(3, "Give the reason for releasing the hold").max(500, "Reasons can have at most 500 characters"),
});

/**
 * Releases a hold: from now on the purge may delete what it protected, and its number may be
 * erased. The row stays, marked released with who and why; the audit entry carries the whole hold
 * (number, range, reason, placed at and by) beside the release, so it reads on its own.
 */
export function liftHold(db: Db, actor: Actor, input: z.infer<typeof releaseInput>, now = new Date()): LegalHold {
  return inTransaction(db, () => {
    const hold = findHold(db, input.id);
    if (!hold || !releaseHold(db, hold.id, { byUserId: actor.id, byLabel: actor.label, reason: input.reason, at: now })) throw new PrivacyError("That hold is not active.");
    recordAudit(
      db,
      actor,
      "retention.hold_release",
      {
        target: `hold ${hold.id}: ${hold.reason}`,
        before: { hold: hold.id, phone: hold.phone, fromDay: hold.fromDay, toDay: hold.toDay, reason: hold.reason, placedAt: hold.createdAt.toISOString(), placedBy: hold.createdByLabel },
        after: { releasedBy: actor.label, releaseReason: input.reason },
      },
      now,
    );
    return findHold(db, hold.id)!;
  });
}

/** A stable reference to a number for the audit trail that does not keep the number itself. */
export function numberReference(phone: string): string {
  return `sha256:${createHash("sha256").update(phone).digest("hex").slice(0, 16)}`;
}

/** A flag an erasure keeps, because lifting it would message or answer someone who asked not to be. */
export type ErasureKept = "opt-out" | "block";

export interface ErasureResult {
  messages: number;
  errorLog: number;
  /** "reduced": the row stays with only the number and what `kept` names; "none": there was no row. */
  contact: "erased" | "reduced" | "none";
  kept: ErasureKept[];
}

/** "kept the opt-out so it is still honoured": what survived an erasure and why, or null when nothing did. */
export function keptReason(kept: ErasureKept[]): string | null {
  if (kept.length === 0) return null;
  const names = kept.map((flag) => `the ${flag}`).join(" and ");
  return `kept ${names} so ${kept.length === 1 ? "it is" : "they are"} still honoured`;
}

/**
 * A privacy request: deletes every message (and with it every status event and send job), the
 * contact record and the error-log entries that name one number (a refused webhook keeps the whole
 * request there). An opt-out or a block lives on the contact row, and erasing it would let the next
 * campaign message someone who sent STOP or give a blocked sender auto-replies again; such a row is
 * reduced to the number and those flags instead. Refused, with the hold's reason, while a legal hold
 * names the number or covers any of its messages' days. The audit entry records the request, not
 * the content.
 */
export function eraseNumber(db: Db, actor: Actor, input: string, now = new Date()): ErasureResult {
  const phone = toE164(input);
  return inTransaction(db, () => {
    const byNumber = holdsForNumber(db, phone);
    if (byNumber.length) throw new PrivacyError(`A legal hold protects this number: ${byNumber[0]!.reason}`);
    const contact = findContactByPhone(db, phone);
    const ids = contact ? messageIdsOfContact(db, contact.id) : [];
    const heldCount = contact ? countHeldMessagesOfContact(db, contact.id) : 0;
    if (heldCount > 0) {
      const reason = activeHolds(db).find((hold) => !hold.phone)?.reason ?? "legal hold";
      throw new PrivacyError(`A legal hold covers ${heldCount} of this number's messages: ${reason}`);
    }
    let deleted = 0;
    for (let start = 0; start < ids.length; start += 5000) deleted += deleteMessagesById(db, ids.slice(start, start + 5000), "privacy erasure");
    const kept: ErasureKept[] = [];
    if (contact?.optedOut) kept.push("opt-out");
    if (contact?.blocked) kept.push("block");
    const contactOutcome = !contact ? "none" : kept.length ? "reduced" : "erased";
    if (contact && kept.length) reduceContactToFlags(db, contact, now);
    else if (contact) deleteContact(db, contact.id);
    const errorLog = deleteErrorsMentioning(db, phone.replace(/^\+/, ""));
    const why = keptReason(kept);
    recordAudit(db, actor, "privacy.erasure", { target: numberReference(phone), after: { messages: deleted, errorLog, contact: contactOutcome, ...(why ? { kept, why } : {}) } }, now);
    return { messages: deleted, errorLog, contact: contactOutcome, kept };
  });
}

/** Why the two typed numbers of an erasure cannot go ahead, without the numbers themselves. */
export type ErasureProblem = "no number" | "not a number" | "confirmation differs";

/**
 * The number an erasure form asks for, typed twice. Both are read as the rest of the app reads a
 * number (spaces, dashes, brackets or a "whatsapp:" prefix aside), so "+91 98000 00003" confirms
 * "+919800000003"; a confirmation that is no number, or another one, is the confirmation's fault.
 */
export function checkErasureRequest(input: { phone: string; confirm: string }): { phone: string } | { refusal: FieldRefusal; problem: ErasureProblem } {
  if (!input.phone.trim()) return { refusal: { error: "Enter the number to erase.", field: "phone" }, problem: "no number" };
  let phone: string;
  try {
    phone = toE164(input.phone);
  } catch (error) {
    if (error instanceof InvalidNumberError) return { refusal: { error: error.message, field: error.field }, problem: "not a number" };
    throw error;
  }
  let confirmed: string | null;
  try {
    confirmed = toE164(input.confirm);
  } catch (error) {
    if (!(error instanceof InvalidNumberError)) throw error;
    confirmed = null;
  }
  if (confirmed !== phone) return { refusal: { error: "Type the number again to confirm.", field: "confirm" }, problem: "confirmation differs" };
  return { phone };
}

/**
 * A privacy request from the form: both typed numbers checked, then the erasure. A refused request
 * is logged by what was wrong, never by the number: the error log is no place to keep a number
 * whose owner asked to be forgotten (and an erasure would not find a mistyped one later).
 */
export function requestErasure(db: Db, actor: Actor, input: { phone: string; confirm: string }, now = new Date()): ErasureResult | FieldRefusal {
  const checked = checkErasureRequest(input);
  if ("refusal" in checked) {
    // What was wrong, not the message shown: that can quote the number typed.
    logFormRefusal(db, "form.settings.erase", checked.problem, undefined, now);
    return checked.refusal;
  }
  return eraseNumber(db, actor, checked.phone, now);
}

/** What an erasure did, in the words the admin reads: only what was actually erased, then what was kept. */
export function erasureSummary(result: ErasureResult): string {
  const messages = `${result.messages} message${result.messages === 1 ? "" : "s"}`;
  const errorLog = `${result.errorLog} error-log ${result.errorLog === 1 ? "entry" : "entries"}`;
  switch (result.contact) {
    case "none":
      return `Erased ${messages} and ${errorLog}.`;
    case "erased":
      return `Erased ${messages}, ${errorLog} and the contact record.`;
    case "reduced":
      return `Erased ${messages}, ${errorLog} and the contact's details; ${keptReason(result.kept)}.`;
  }
}
