import type { Db } from "@/db/client";
import { findContactByPhone } from "@/db/queries/contacts";
import { findEmployeeByPhone } from "@/db/queries/employees";

/** Sent for a number nobody has written from and no employee holds: names no one in particular. */
export const SIMULATOR_DEFAULT_NAME = "Test phone";

/**
 * The WhatsApp name a number would carry: the one it last sent with, else its employee's name.
 * The simulator plays many phones; one tester's name must not follow them onto every number.
 */
export function knownProfileName(db: Db, phone: string): string {
  const contact = findContactByPhone(db, phone);
  if (contact?.profileName) return contact.profileName;
  const employee = findEmployeeByPhone(db, phone);
  return employee?.name.trim() || SIMULATOR_DEFAULT_NAME;
}

/**
 * What a simulator message goes out as. The name box shows the name of the number the page was
 * opened for (`shownFor`); a tester who switches numbers without touching the name means "as that
 * phone", so the new number's own name is used. A name the tester typed is theirs to keep.
 */
export function senderProfileName(db: Db, sent: { phone: string; typed: string; edited: boolean; shownFor: string }): string {
  if (sent.edited || sent.phone === sent.shownFor) return sent.typed;
  return knownProfileName(db, sent.phone);
}
