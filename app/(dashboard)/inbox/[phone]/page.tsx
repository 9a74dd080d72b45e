import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { EmptyState } from "@/components/empty-state";
import { LiveRefresh } from "@/components/live-refresh";
import { ScrollToLatest } from "@/components/scroll-to-latest";
import { StatusBadge } from "@/components/status-badge";
import { exactUtc, relativeTime, TimeAgo } from "@/components/time-ago";
import { SECTION_CLASS } from "@/components/ui";
import { findContactByPhone } from "@/db/queries/contacts";
import { findEmployeeByPhone } from "@/db/queries/employees";
import { holdsForNumber } from "@/db/queries/retention";
import { threadPage } from "@/db/queries/inbox";
import type { Message } from "@/db/schema";
import { requirePageUser } from "@/lib/auth/current";
import { appDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { attachmentHref, mediaAccount, type MediaAccount } from "@/lib/inbox/media";
import { canonicalSegment, decodeCursor, encodeCursor, phoneFromSegment, threadHref } from "@/lib/inbox/phone-path";
import { contactRefusal, windowClosesAt } from "@/lib/outbound/queue";
import { listUsers } from "@/db/queries/users";
import { getSettings } from "@/lib/settings";
import { recordTitle } from "../../record-title";
import { BackToList } from "@/components/back-to-list";
import { Composer } from "./composer";
import { MediaAttachment } from "./media-attachment";
import { BlockButton, HandledButton } from "./thread-actions";

export async function generateMetadata({ params }: { params: Promise<{ phone: string }> }): Promise<Metadata> {
  const phone = phoneFromSegment((await params).phone);
  return recordTitle("Conversation", () => {
    if (!phone) return undefined;
    const db = appDb();
    return findEmployeeByPhone(db, phone)?.name ?? findContactByPhone(db, phone)?.profileName ?? phone;
  });
}

const PAGE_SIZE = 100;
const SETTLED = new Set(["read", "failed", "undelivered", "refused", "received", "canceled"]);
const FOLLOW_SEND_MS = 15 * 60 * 1000;
const TICKS: Record<string, string> = { queued: "🕓", sending: "🕓", sent: "✓", delivered: "✓✓", read: "✓✓" };

function Bubble({ message, account }: { message: Message; account: MediaAccount }) {
  const inbound = message.direction === "inbound";
  return (
    <li className={`flex ${inbound ? "justify-start" : "justify-end"}`} data-direction={message.direction}>
      <div className={`max-w-[85%] rounded-2xl px-3 py-2 text-sm shadow-sm sm:max-w-[70%] ${inbound ? "rounded-bl-sm bg-white dark:bg-slate-800" : "rounded-br-sm bg-emerald-100 dark:bg-emerald-900"}`}>
        <span className="sr-only">{inbound ? "They wrote:" : "We sent:"}</span>
        {message.body ? <p className="break-words whitespace-pre-wrap">{message.body}</p> : null}
        {(message.media ?? []).map((item, index) => (
          // A message's attachments never change order, and the key must not carry Twilio's URL into the page.
          <MediaAttachment key={index} item={item} {...attachmentHref(item.url, message.id, index, account)} sender={message.profileName ?? message.fromAddress.replace(/^whatsapp:/, "")} />
        ))}
        {message.latitude !== null && message.longitude !== null ? (
          <a href={`https://www.openstreetmap.org/?mlat=${message.latitude}&mlon=${message.longitude}#map=16/${message.latitude}/${message.longitude}`} target="_blank" rel="noreferrer noopener" className="mt-1 block text-emerald-800 underline dark:text-emerald-300">
            📍 {message.label ?? message.address ?? `${message.latitude}, ${message.longitude}`}
          </a>
        ) : null}
        <p className="mt-1 flex items-center justify-end gap-2 text-xs text-slate-600 dark:text-slate-300">
          {inbound && message.command ? <span>{message.command}</span> : null}
          <TimeAgo date={message.createdAt} />
          {inbound ? null : (
            <>
              <span aria-hidden="true" className={message.status === "read" ? "text-sky-600 dark:text-sky-300" : undefined}>{TICKS[message.status] ?? ""}</span>
              <StatusBadge status={message.status} errorCode={message.errorCode} errorMessage={message.errorMessage} />
            </>
          )}
        </p>
        <MessageDetails message={message} />
      </div>
    </li>
  );
}

/** The exact time and Twilio's SID, to match a message with Twilio's logs or the Debugger. */
function MessageDetails({ message }: { message: Message }) {
  return (
    <details className="mt-1 text-xs text-slate-600 dark:text-slate-300">
      <summary className="cursor-pointer text-right">Details</summary>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2">
        <dt>{message.direction === "inbound" ? "Received" : "Created"}</dt>
        <dd className="tabular-nums">{exactUtc(message.createdAt)}</dd>
        <dt>Message SID</dt>
        <dd className="font-mono break-all select-all">{message.messageSid ?? "not yet assigned by Twilio"}</dd>
        {message.errorCode !== null ? (
          <>
            <dt>Error</dt>
            <dd>{message.errorCode}{message.errorMessage ? `: ${message.errorMessage}` : ""}</dd>
          </>
        ) : null}
      </dl>
    </details>
  );
}

function handlingOf(messages: Message[], users: Map<number, string>): { open: boolean; text: string } {
  const inbound = messages.filter((message) => message.direction === "inbound");
  const open = inbound.some((message) => !message.handledAt);
  if (inbound.length === 0) return { open: false, text: "No messages from them yet" };
  if (open) return { open: true, text: "Open" };
  const latest = inbound.reduce((a, b) => ((a.handledAt?.getTime() ?? 0) >= (b.handledAt?.getTime() ?? 0) ? a : b));
  const by = latest.handledByUserId ? users.get(latest.handledByUserId) : undefined;
  return { open: false, text: `Handled${by ? ` by ${by}` : ""}` };
}

export default async function ConversationPage({ params, searchParams }: { params: Promise<{ phone: string }>; searchParams: Promise<{ before?: string }> }) {
  const user = await requirePageUser();
  const { phone: segment } = await params;
  const phone = phoneFromSegment(segment);
  if (!phone) notFound();
  const query = await searchParams;
  // A number pasted as people write it ("+91 98000 00004", "%2B91…") opens its one canonical URL.
  if (segment !== canonicalSegment(phone)) redirect(`${threadHref(phone)}${query.before ? `?before=${encodeURIComponent(query.before)}` : ""}`);
  const db = appDb();
  const account = mediaAccount(db, getEnv());
  const contact = findContactByPhone(db, phone);
  const employee = findEmployeeByPhone(db, phone);
  const holds = holdsForNumber(db, phone);
  const before = decodeCursor(query.before);
  const rows = contact ? threadPage(db, contact.id, before, PAGE_SIZE + 1) : [];
  const page = rows.slice(0, PAGE_SIZE);
  const oldest = page.at(-1);
  const hasOlder = rows.length > PAGE_SIZE;
  const messages = [...page].reverse();
  const now = new Date();
  const closesAt = windowClosesAt(contact);
  const windowOpen = Boolean(closesAt && closesAt > now);
  // A send still on its way is followed closely for a while; a "delivered" whose read receipt never
  // comes (receipts off) must not keep the page polling fast for ever.
  const changing = page.some((message) => !SETTLED.has(message.status) && now.getTime() - message.createdAt.getTime() < FOLLOW_SEND_MS);
  const handling = handlingOf(page, new Map(listUsers(db).map((account) => [account.id, account.name || account.email])));
  const lastHandled = page.filter((message) => message.handledAt).sort((a, b) => b.handledAt!.getTime() - a.handledAt!.getTime())[0];

  return (
    <>
      {/* New messages, ticks and the window's state show up by themselves: fast while a send moves, slowly otherwise. */}
      <LiveRefresh active intervalMs={changing ? 2_000 : 10_000} />
      <p className="mb-3 text-sm">
        <BackToList label="Messages" href="/inbox">← Inbox</BackToList>
      </p>
      <div className="grid gap-6 lg:grid-cols-[1fr_18rem]">
        <div className="min-w-0">
          <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
            <h1 className="min-w-0 text-2xl font-semibold tracking-tight [overflow-wrap:anywhere]">
              {contact?.profileName ?? phone}
              {contact?.profileName ? <span className="ml-2 font-mono text-base font-normal text-slate-500 dark:text-slate-400">{phone}</span> : null}
            </h1>
            {contact && page.some((message) => message.direction === "inbound") ? (
              <div className="flex flex-wrap items-center gap-3 text-sm">
                <span data-testid="handling" className={handling.open ? "rounded bg-sky-50 px-2 py-0.5 text-sky-800 dark:bg-sky-950 dark:text-sky-200" : "text-slate-600 dark:text-slate-400"}>
                  {handling.text}
                  {!handling.open && lastHandled?.handledAt ? <> · <TimeAgo date={lastHandled.handledAt} /></> : null}
                </span>
                <HandledButton phoneSegment={segment} open={handling.open} />
              </div>
            ) : null}
          </div>
          {hasOlder && oldest ? (
            <p className="mb-3 text-center text-sm">
              <Link href={`${threadHref(phone)}?before=${encodeCursor(oldest)}`} className="text-emerald-700 underline dark:text-emerald-400">Earlier messages</Link>
            </p>
          ) : null}
          {messages.length === 0 ? (
            <EmptyState title="No messages with this number yet" />
          ) : (
            <ol aria-label="Conversation" className="space-y-2 rounded-xl bg-slate-100 p-3 dark:bg-slate-900/60">
              {messages.map((message) => <Bubble key={message.id} message={message} account={account} />)}
            </ol>
          )}
          <section aria-label="Reply" className={`${SECTION_CLASS} mt-4`}>
            <Composer
              phoneSegment={segment}
              windowOpen={windowOpen}
              closesIn={windowOpen && closesAt ? relativeTime(closesAt, now).replace(/^in /, "") : null}
              refusal={contactRefusal(contact)}
              templates={getSettings(db).templates}
            />
          </section>
          {before ? (
            <p className="mt-3 text-center text-sm">
              <Link href={threadHref(phone)} className="text-emerald-700 underline dark:text-emerald-400">Latest messages</Link>
            </p>
          ) : (
            <ScrollToLatest latestId={messages.at(-1)?.id ?? null} />
          )}
        </div>
        <aside aria-label="Contact" className={`${SECTION_CLASS} h-fit min-w-0 text-sm`}>
          <h2 className="mb-2 font-semibold">Contact</h2>
          <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 [overflow-wrap:anywhere]">
            <dt className="text-slate-500 dark:text-slate-400">Number</dt>
            <dd className="font-mono">{phone}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Profile</dt>
            <dd>{contact?.profileName ?? "—"}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Employee</dt>
            <dd>
              {employee ? (
                <Link href={`/people/${employee.id}`} className="text-emerald-700 underline dark:text-emerald-400">
                  {employee.name} ({employee.employeeCode}){employee.department ? `, ${employee.department}` : ""}
                </Link>
              ) : (
                "not registered"
              )}
            </dd>
            <dt className="text-slate-500 dark:text-slate-400">24-hour window</dt>
            <dd>{windowOpen && closesAt ? <span className="text-emerald-700 dark:text-emerald-400">open, closes <TimeAgo date={closesAt} /></span> : <span className="text-amber-700 dark:text-amber-400">closed</span>}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Last message</dt>
            <dd>{contact?.lastInboundAt ? <TimeAgo date={contact.lastInboundAt} /> : "never"}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Notifications</dt>
            <dd>{contact?.optedOut ? "opted out: nothing is sent until they write START" : "subscribed"}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Blocked</dt>
            <dd>{contact?.blocked ? "yes" : "no"}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Legal hold</dt>
            <dd>{holds.length ? holds.map((hold) => hold.reason).join("; ") : "none"}</dd>
          </dl>
          {user.role === "admin" ? (
            <BlockButton
              phoneSegment={segment}
              phone={phone}
              blocked={Boolean(contact?.blocked)}
              holder={employee ? { name: employee.name, employeeCode: employee.employeeCode, active: employee.active, approver: employee.approver } : null}
            />
          ) : null}
        </aside>
      </div>
    </>
  );
}
