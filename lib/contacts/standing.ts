import type { Contact } from "@/db/schema";

/**
 * What a person's page says about their WhatsApp number when nothing can go to it: blocked (by an
 * admin) or opted out (by them, with STOP). Both stop reminders, campaigns and replies; null when
 * neither applies, or the number never wrote nor was blocked (no contact record).
 */
export function numberStanding(contact: Pick<Contact, "blocked" | "optedOut"> | undefined): string | null {
  if (!contact) return null;
  const blocked = "Their number is blocked: their messages get no reply and run no command, and nothing is sent to them until an admin unblocks it.";
  const optedOut = "They opted out (sent STOP): nothing is sent to them until they send START.";
  if (contact.blocked && contact.optedOut) return `${blocked} They also opted out (sent STOP).`;
  if (contact.blocked) return blocked;
  if (contact.optedOut) return optedOut;
  return null;
}
