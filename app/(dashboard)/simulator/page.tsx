import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { TimeAgo } from "@/components/time-ago";
import { SECTION_CLASS } from "@/components/ui";
import { requirePageUser } from "@/lib/auth/current";
import { toE164 } from "@/lib/contacts/block";
import { appDb } from "@/lib/db";
import { isSimulatorMode, phoneConversation } from "@/lib/emulator/client";
import type { EmulatedMessage } from "@/lib/emulator/emulator";
import type { Db } from "@/db/client";
import { findMessageBySid } from "@/db/queries/messages";
import { getEnv } from "@/lib/env";
import { attachmentHref, loadsInPage, mediaAccount, type MediaAccount } from "@/lib/inbox/media";
import { threadHref } from "@/lib/inbox/phone-path";
import { isTwilioMediaUrl } from "@/lib/twilio/client";
import { getSettings } from "@/lib/settings";
import { knownProfileName } from "@/lib/emulator/profile-name";
import { PhoneForm } from "./phone-form";

export const metadata: Metadata = { title: "Simulator" };

const TICKS: Record<string, string> = { queued: "🕓", sent: "✓", delivered: "✓✓", read: "✓✓", failed: "⚠", undelivered: "⚠" };

function safePhone(value: string | undefined): string {
  try {
    return value ? toE164(value) : "+919812345678";
  } catch {
    return "+919812345678";
  }
}

/**
 * As on a phone: the photo itself. A photo the emulator keeps (as Twilio keeps media) loads through
 * the inbox's media route; a link elsewhere only over https, all the page's CSP lets load.
 */
function PhonePhoto({ href, proxied, alt }: { href: string; proxied: boolean; alt: string }) {
  if (!loadsInPage({ href, proxied })) {
    return <a href={href} target="_blank" rel="noreferrer noopener" className="mb-1 block underline">📷 Photo</a>;
  }
  return (
    // eslint-disable-next-line @next/next/no-img-element -- an unsized image; next/image would fetch it a second time to resize it.
    <img src={href} alt={alt} loading="lazy" referrerPolicy="no-referrer" className="mb-1 max-h-48 max-w-full rounded-lg object-contain" />
  );
}

/** Where the phone screen loads a message's photo from: the stored copy of a media URL the emulator holds. */
function photoSource(db: Db, account: MediaAccount, message: EmulatedMessage, url: string, index: number): { href: string; proxied: boolean } {
  const stored = isTwilioMediaUrl(url, account) ? findMessageBySid(db, message.sid) : undefined;
  return stored ? attachmentHref(url, stored.id, index, account) : { href: url, proxied: false };
}

export default async function SimulatorPage({ searchParams }: { searchParams: Promise<{ phone?: string; name?: string }> }) {
  const user = await requirePageUser();
  const env = getEnv();
  if (!isSimulatorMode(env)) {
    return (
      <>
        <PageHeader title="Simulator" />
        <EmptyState title="Not available with live Twilio credentials">The simulator plays a phone against the local Twilio emulator, which runs only in simulator mode (no TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN).</EmptyState>
      </>
    );
  }
  const query = await searchParams;
  const phone = safePhone(query.phone);
  const db = appDb();
  const profileName = query.name?.slice(0, 100) ?? knownProfileName(db, phone);
  let conversation: EmulatedMessage[] = [];
  let unavailable: string | null = null;
  try {
    conversation = await phoneConversation(db, env, phone);
  } catch (error) {
    unavailable = error instanceof Error ? error.message : "The emulator did not answer";
  }
  const incomingEnabled = getSettings(db).incomingEnabled;
  const account = mediaAccount(db, env);

  return (
    <>
      <PageHeader title="Simulator" description="Play an employee's phone: what you send reaches the webhook signed, exactly as Twilio would post it." />
      {!incomingEnabled ? (
        <p role="note" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          Incoming messages are off, so messages are stored without replies.{" "}
          {/* Staff cannot open Settings: point them to someone who can. */}
          {user.role === "admin" ? <><Link className="underline" href="/settings">Turn them on in Settings</Link>.</> : "Ask an admin to turn them on in Settings."}
        </p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <section aria-label="Phone screen" className="min-w-0 rounded-3xl border-8 border-slate-800 bg-[#ece5dd] p-3 dark:bg-slate-900">
          <p className="mb-2 rounded-lg bg-emerald-800 px-3 py-2 text-sm font-medium text-white">Compliance team · WhatsApp</p>
          {unavailable ? (
            <p role="alert" className="p-4 text-sm text-rose-800 dark:text-rose-300">{unavailable}</p>
          ) : conversation.length === 0 ? (
            <p className="p-6 text-center text-sm text-slate-600 dark:text-slate-300">No messages yet. Try HELP.</p>
          ) : (
            <ol aria-label="Chat" className="space-y-2">
              {conversation.map((message) => {
                const mine = message.direction === "inbound";
                return (
                  <li key={message.sid} className={`flex ${mine ? "justify-end" : "justify-start"}`}>
                    <div className={`max-w-[85%] rounded-xl px-3 py-2 text-sm shadow-sm ${mine ? "bg-[#dcf8c6] text-slate-900" : "bg-white text-slate-900"}`}>
                      <span className="sr-only">{mine ? "You:" : "Compliance team:"}</span>
                      {message.mediaUrls.map((url, index) => (
                        <PhonePhoto key={index} {...photoSource(db, account, message, url, index)} alt={mine ? "Photo you sent" : "Photo from the compliance team"} />
                      ))}
                      {message.body ? <p className="whitespace-pre-wrap wrap-anywhere">{message.body}</p> : message.mediaUrls.length ? null : <p>📍 Location</p>}
                      <p className="mt-1 flex justify-end gap-1 text-[11px] text-slate-600">
                        <TimeAgo date={new Date(message.createdAt)} />
                        {mine ? null : (
                          <span title={message.status} className={message.status === "read" ? "text-sky-600" : undefined}>
                            <span aria-hidden="true">{TICKS[message.status] ?? message.status}</span>
                            <span className="sr-only">{message.status}</span>
                          </span>
                        )}
                      </p>
                    </div>
                  </li>
                );
              })}
            </ol>
          )}
        </section>
        <section aria-labelledby="compose-heading" className={`${SECTION_CLASS} h-fit`}>
          <h2 id="compose-heading" className="mb-3 text-lg font-semibold">Send as this phone</h2>
          <PhoneForm phone={phone} profileName={profileName} />
          <p className="mt-4 text-sm">
            <Link href={threadHref(phone)} className="text-emerald-700 underline dark:text-emerald-400">Open this conversation in the inbox</Link>
          </p>
        </section>
      </div>
    </>
  );
}
