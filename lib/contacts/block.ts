import { inTransaction, type Db } from "@/db/client";
import { findContactByPhone, setBlocked } from "@/db/queries/contacts";
import { recordAudit, type Actor } from "@/lib/audit";
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

export function setNumberBlocked(db: Db, actor: Actor, input: string, blocked: boolean, now = new Date()): string {
  const phone = toE164(input);
  inTransaction(db, () => {
    const before = findContactByPhone(db, phone)?.blocked ?? false;
    if (before === blocked) return;
    setBlocked(db, phone, blocked, now);
    recordAudit(db, actor, blocked ? "contacts.block" : "contacts.unblock", { target: phone, before: { blocked: before }, after: { blocked } }, now);
  });
  return phone;
}
