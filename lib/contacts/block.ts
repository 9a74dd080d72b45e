import { inTransaction, type Db } from "@/db/client";
import { findContactByPhone, setBlocked } from "@/db/queries/contacts";
import { findEmployeeByPhone } from "@/db/queries/employees";
import { recordAudit, type Actor } from "@/lib/audit";
import { blockQuestion, type NumberHolder } from "@/lib/inbox/block-question";
import { parseAddress } from "@/lib/twilio/inbound";

export class InvalidNumberError extends Error {
  /** The input it is about: a number is keyed `phone` wherever one is entered (contacts, people, holds, the block list). */
  readonly field = "phone";
  constructor(input: string) {
    super(`“${input.slice(0, 40)}” is not a phone number in international format, e.g. +919812345678`);
    this.name = "InvalidNumberError";
  }
}

/** "+91 98123 45678" or "whatsapp:+919812345678" → "+919812345678". */
export function toE164(input: string): string {
  const address = parseAddress(input.includes(":") ? input : `whatsapp:${input.trim().startsWith("+") ? input.trim() : `+${input.trim()}`}`);
  if (!address || !/^\s*(whatsapp:)?\+/.test(input)) throw new InvalidNumberError(input);
  return address.phone;
}

export type BlockChange = { phone: string; changed: boolean };

/**
 * Blocks or unblocks a number, idempotently: a click from a page opened before someone else's
 * changes nothing when the number is already as asked (`changed: false`) and writes no audit row.
 */
export function setNumberBlocked(db: Db, actor: Actor, input: string, blocked: boolean, now = new Date()): BlockChange {
  const phone = toE164(input);
  const changed = inTransaction(db, () => {
    const before = findContactByPhone(db, phone)?.blocked ?? false;
    if (before === blocked) return false;
    setBlocked(db, phone, blocked, now);
    recordAudit(db, actor, blocked ? "contacts.block" : "contacts.unblock", { target: phone, before: { blocked: before }, after: { blocked } }, now);
    return true;
  });
  return { phone, changed };
}

/** The registered employee behind a number, as the Block question names them. */
export function numberHolder(db: Db, phone: string): NumberHolder | null {
  const employee = findEmployeeByPhone(db, phone);
  return employee ? { name: employee.name, employeeCode: employee.employeeCode, active: employee.active, approver: employee.approver } : null;
}

export type BlockRequestOutcome = { asked: true; phone: string; question: string } | { asked: false; phone: string; message: string };

/**
 * Settings' Block, typed as a number: asks the conversation's question first (what blocking stops,
 * and whose number it is when an employee's), and blocks only once the admin confirmed that very
 * number (`confirmedPhone`). A number already blocked is not asked about: it says so, changing
 * (and auditing) nothing.
 */
export function requestBlock(db: Db, actor: Actor, input: string, confirmedPhone: string | null, now = new Date()): BlockRequestOutcome {
  const phone = toE164(input);
  if (findContactByPhone(db, phone)?.blocked) return { asked: false, phone, message: "Already blocked." };
  if (confirmedPhone !== phone) return { asked: true, phone, question: blockQuestion(phone, numberHolder(db, phone)) };
  const { changed } = setNumberBlocked(db, actor, phone, true, now);
  return { asked: false, phone, message: changed ? `Blocked ${phone}.` : "Already blocked." };
}
