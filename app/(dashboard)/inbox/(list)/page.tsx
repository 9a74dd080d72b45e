import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { EmptyState } from "@/components/empty-state";
import { KeyboardList } from "@/components/keyboard-list";
import { LiveRefresh } from "@/components/live-refresh";
import { PageHeader } from "@/components/page-header";
import { StatusBadge } from "@/components/status-badge";
import { TimeAgo } from "@/components/time-ago";
import { listRules } from "@/db/queries/command-rules";
import { inboxPage, type InboxRow } from "@/db/queries/inbox";
import { requirePageUser } from "@/lib/auth/current";
import { appDb } from "@/lib/db";
import { hasFilters, numberProblem, parseInboxSearch, searchQuery, toFilter, type InboxSearch } from "@/lib/inbox/filter";
import { encodeCursor, threadHref } from "@/lib/inbox/phone-path";
import { InboxFilters } from "../filters";
import { InboxSkeleton } from "../skeleton";

export const metadata: Metadata = { title: "Inbox" };

const PAGE_SIZE = 50;
// New messages and "2 minutes ago" go stale on an open inbox; this is slow enough to cost nothing.
const REFRESH_MS = 15_000;
const TABS = [
  { key: "all", label: "All" },
  { key: "received", label: "Received" },
  { key: "sent", label: "Sent" },
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
  const search = parseInboxSearch(params);
  // The filter form submits every field; keep shareable URLs free of the empty ones (and dates in order).
  const reordered = search.from !== undefined && search.from !== params.from;
  if (reordered || Object.values(params).some((value) => value === "")) redirect(`/inbox${searchQuery(search, { before: search.before, after: search.after })}`);
  const ruleCommands = listRules(appDb()).map((rule) => `RULE:${rule.keyword}`);
  const problem = numberProblem(search);
  return (
    <>
      <PageHeader title="Inbox" description="Every WhatsApp message, received and sent, newest first. Keys: j/k or ↓/↑ to move, Enter to open.">
        {problem ? (
          // The export refuses a number filter it cannot apply: no link to a refusal, and the reason beside it.
          <p className="max-w-56 text-right text-sm text-slate-600 dark:text-slate-400">
            <span className="font-medium">Export CSV</span> is unavailable until the number filter has enough digits.
          </p>
        ) : (
          <a href={`/inbox/export${searchQuery(search)}`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-800 dark:hover:bg-slate-700" download>
            Export CSV
          </a>
        )}
      </PageHeader>
      <nav aria-label="Direction" className="mb-4 flex gap-1 border-b border-slate-200 dark:border-slate-800">
        {TABS.map((tab) => (
          <Link
            key={tab.key}
            href={`/inbox${searchQuery(search, { direction: tab.key })}`}
            aria-current={tab.key === search.direction ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${tab.key === search.direction ? "border-emerald-600 text-emerald-800 dark:text-emerald-300" : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400"}`}
          >
            {tab.label}
          </Link>
        ))}
      </nav>
      <InboxFilters search={search} ruleCommands={ruleCommands} />
      {problem ? (
        <p role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          {problem} Until then the list is not filtered by number.
        </p>
      ) : null}
      {/* Only the first page: new messages arrive at its top, while a page behind a cursor is one the reader chose to hold still. */}
      <LiveRefresh active={!search.before && !search.after} intervalMs={REFRESH_MS} />
      <Suspense key={searchQuery(search, { before: search.before, after: search.after })} fallback={<InboxSkeleton />}>
        <InboxResults search={search} />
      </Suspense>
    </>
  );
}

async function InboxResults({ search }: { search: InboxSearch }) {
  const page = inboxPage(appDb(), toFilter(search), PAGE_SIZE);
  if (page.rows.length === 0) {
    return (
      <EmptyState title={hasFilters(search) ? "No messages match these filters" : search.before || search.after ? "No more messages" : "No messages yet"}>
        {hasFilters(search) ? (
          "Try fewer filters or other words."
        ) : (
          <>
            Messages appear here as soon as Twilio posts them to the webhook (or you send one from the <Link className="underline" href="/simulator">Simulator</Link>).
          </>
        )}
      </EmptyState>
    );
  }
  return (
    <>
      <KeyboardList label="Messages">
        {page.rows.map((row) => <Row key={row.id} row={row} />)}
      </KeyboardList>
      <nav aria-label="Pages" className="mt-3 flex justify-between gap-4 text-sm">
        {page.newer ? <Link href={`/inbox${searchQuery(search, { after: encodeCursor(page.newer) })}`} className="text-emerald-700 underline dark:text-emerald-400">← Newer</Link> : <span />}
        {page.older ? <Link href={`/inbox${searchQuery(search, { before: encodeCursor(page.older) })}`} className="text-emerald-700 underline dark:text-emerald-400">Older →</Link> : null}
      </nav>
    </>
  );
}

function Row({ row }: { row: InboxRow }) {
  const inbound = row.direction === "inbound";
  const number = row.phone ?? (inbound ? row.fromAddress : row.toAddress).replace(/^whatsapp:/, "");
  return (
    <li>
      <Link data-row={row.id} href={threadHref(number)} className="flex gap-3 px-4 py-3 hover:bg-slate-50 focus-visible:bg-emerald-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-emerald-700 dark:hover:bg-slate-800/60 dark:focus-visible:outline-emerald-400 dark:focus-visible:bg-slate-800">
        <span aria-hidden="true" className={`mt-0.5 text-lg leading-none ${inbound ? "text-sky-600" : "text-emerald-600"}`}>{inbound ? "↙" : "↗"}</span>
        <span className="min-w-0 flex-1">
          <span className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
            <span className="sr-only">{inbound ? "Received from" : "Sent to"}</span>
            <span className="font-medium [overflow-wrap:anywhere]">{row.profileName ?? number}</span>
            {row.profileName ? <span className="font-mono text-xs text-slate-500 dark:text-slate-400">{number}</span> : null}
            {row.command && inbound ? <span className="rounded bg-indigo-50 px-1.5 py-0.5 text-xs font-medium text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200">{row.command}</span> : null}
            {row.flag ? <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200">{FLAG_LABEL[row.flag] ?? row.flag}</span> : null}
            {inbound ? (row.handledAt ? <span className="text-xs text-slate-500 dark:text-slate-400">handled</span> : <span className="rounded bg-sky-50 px-1.5 py-0.5 text-xs text-sky-800 dark:bg-sky-950 dark:text-sky-200">open</span>) : <StatusBadge status={row.status} errorCode={row.errorCode} errorMessage={row.errorMessage} />}
            {row.numMedia > 0 ? <span className="text-xs text-slate-500 dark:text-slate-400" title="Has media">📎 {row.numMedia}</span> : null}
            {row.latitude !== null ? <span className="text-xs text-slate-500 dark:text-slate-400" title="Location">📍</span> : null}
          </span>
          <span className="mt-0.5 block truncate text-sm text-slate-600 dark:text-slate-400">{row.body || (row.numMedia > 0 ? "(media)" : "(empty)")}</span>
        </span>
        <span className="shrink-0 text-xs text-slate-500 dark:text-slate-400"><TimeAgo date={row.createdAt} /></span>
      </Link>
    </li>
  );
}
