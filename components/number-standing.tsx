import Link from "next/link";
import { findContactByPhone } from "@/db/queries/contacts";
import { numberStanding } from "@/lib/contacts/standing";
import { appDb } from "@/lib/db";
import { threadHref } from "@/lib/inbox/phone-path";

/** Beside a person's records: that their number is blocked or opted out (why reminders and campaigns skip them), read-only. */
export function NumberStanding({ phone }: { phone: string }) {
  const standing = numberStanding(findContactByPhone(appDb(), phone));
  if (!standing) return null;
  return (
    <p role="note" aria-label="WhatsApp number" className="mb-6 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
      {standing} <Link href={threadHref(phone)} className="underline">Open the conversation</Link>
    </p>
  );
}
