import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { StatusBadge } from "@/components/status-badge";
import { TimeAgo } from "@/components/time-ago";
import { inboxPage } from "@/db/queries/inbox";
import { requirePageUser } from "@/lib/auth/current";
import { appDb } from "@/lib/db";
import { decodeCursor, encodeCursor, threadHref } from "@/lib/inbox/phone-path";

export const metadata: Metadata = { title: "Inbox" };

const PAGE_SIZE = 50;
const TABS = [
  { key: "all", label: "All", direction: undefined },
  { key: "received", label: "Received", direction: "inbound" },
  { key: "sent", label: "Sent", direction: "outbound" },
] as const;

const FLAG_LABEL: Record<string, string> = {
  disabled: "incoming off",
  blocked: "blocked",
  rate_limited: "over daily limit",
  cooldown: "cooldown",
  opted_out: "opted out",
};

export default async function InboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser();
  const params = await searchParams;
  const tab = TABS.find((candidate) => candidate.key === params.direction) ?? TABS[0];
  const before = decodeCursor(typeof params.before === "string" ? params.before : undefined);
  const rows = inboxPage(appDb(), { direction: tab.direction, before }, PAGE_SIZE + 1);
  const page = rows.slice(0, PAGE_SIZE);
  const last = page.at(-1);
  const olderHref = rows.length > PAGE_SIZE && last ? `/inbox?${new URLSearchParams({ ...(tab.key === "all" ? {} : { direction: tab.key }), before: encodeCursor(last) })}` : null;

  return (
    <>
      <PageHeader title="Inbox" description="Every WhatsApp message, received and sent, newest first." />
      <nav aria-label="Direction" className="mb-4 flex gap-1 border-b border-slate-200 dark:border-slate-800">
        {TABS.map((candidate) => (
          <Link
            key={candidate.key}
            href={candidate.key === "all" ? "/inbox" : `/inbox?direction=${candidate.key}`}
            aria-current={candidate.key === tab.key ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${candidate.key === tab.key ? "border-emerald-600 text-emerald-800 dark:text-emerald-300" : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400"}`}
          >
            {candidate.label}
          </Link>
        ))}
      </nav>
      {page.length === 0 ? (
        <EmptyState title={before ? "No older messages" : tab.key === "all" ? "No messages yet" : `No ${tab.label.toLowerCase()} messages yet`}>
          Messages appear here as soon as Twilio posts them to the webhook{" "}
          (or you send one from the <Link className="underline" href="/simulator">Simulator</Link>).
        </EmptyState>
      ) : (
        <ul aria-label="Messages" className="divide-y divide-slate-200 overflow-hidden rounded-xl border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
          {page.map((row) => {
            const inbound = row.direction === "inbound";
            const number = row.phone ?? (inbound ? row.fromAddress : row.toAddress).replace(/^whatsapp:/, "");
            return (
              <li key={row.id}>
                <Link href={threadHref(number)} className="flex gap-3 px-4 py-3 hover:bg-slate-50 focus-visible:bg-slate-50 dark:hover:bg-slate-800/60 dark:focus-visible:bg-slate-800/60">
                  <span aria-hidden="true" className={`mt-0.5 text-lg leading-none ${inbound ? "text-sky-600" : "text-emerald-600"}`}>{inbound ? "↙" : "↗"}</span>
                  <span className="min-w-0 flex-1">
                    <span className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
                      <span className="sr-only">{inbound ? "Received from" : "Sent to"}</span>
                      <span className="font-medium">{row.profileName ?? number}</span>
                      {row.profileName ? <span className="font-mono text-xs text-slate-500">{number}</span> : null}
                      {row.command && inbound ? <span className="rounded bg-indigo-50 px-1.5 py-0.5 text-xs font-medium text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200">{row.command}</span> : null}
                      {row.flag ? <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200">{FLAG_LABEL[row.flag] ?? row.flag}</span> : null}
                      {inbound ? null : <StatusBadge status={row.status} errorCode={row.errorCode} errorMessage={row.errorMessage} />}
                      {row.numMedia > 0 ? <span className="text-xs text-slate-500">📎 {row.numMedia}</span> : null}
                    </span>
                    <span className="mt-0.5 block truncate text-sm text-slate-600 dark:text-slate-400">{row.body || (row.numMedia > 0 ? "(media)" : "(empty)")}</span>
                  </span>
                  <span className="shrink-0 text-xs text-slate-500"><TimeAgo date={row.createdAt} /></span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
      <div className="mt-3 flex gap-4 text-sm">
        {before ? <Link href={tab.key === "all" ? "/inbox" : `/inbox?direction=${tab.key}`} className="text-emerald-700 underline dark:text-emerald-400">Newest</Link> : null}
        {olderHref ? <Link href={olderHref} className="text-emerald-700 underline dark:text-emerald-400">Older messages</Link> : null}
      </div>
    </>
  );
}
