import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { AuditList } from "@/components/audit-list";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { INPUT_CLASS, SECONDARY_BUTTON_CLASS, SECTION_CLASS } from "@/components/ui";
import { auditPage, employeeNames } from "@/db/queries/audit";
import { errorKinds, errorPage } from "@/db/queries/errors";
import { errorEntryFor } from "@/lib/forms/refusal-log";
import { listUsers } from "@/db/queries/users";
import {
  AUDIT_FILTER_KEYS,
  AUDIT_KINDS,
  auditFilterParams,
  encodeAuditCursor,
  hasAuditFilters,
  OTHER_ACTORS,
  parseAuditSearch,
  toAuditFilter,
  type AuditSearch,
} from "@/lib/audit/filter";
import { employeeIdsOf } from "@/lib/audit/describe";
import { requirePageUser } from "@/lib/auth/current";
import { appDb } from "@/lib/db";
import { firstValues } from "@/lib/http/params";
import { publicSigningKey } from "@/lib/records/signing-key";
import { RecordsExportForm } from "./records-export-form";
import { SigningKeyDetails } from "./signing-key";
import { VerifyRecordsButton } from "./verify-button";

export const metadata: Metadata = { title: "Logs" };

const PAGE_SIZE = 50;
const filterSchema = z.object({
  source: z.string().max(100).optional().catch(undefined),
  reason: z.string().max(200).optional().catch(undefined),
  before: z
    .string()
    .regex(/^\d+-\d+$/)
    .optional()
    .catch(undefined),
  exportProblem: z.enum(["range"]).optional().catch(undefined),
});
const EXPORT_PROBLEMS = { range: "Choose a From day and a To day, From not after To." } as const;

function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const text = search.toString();
  return text ? `?${text}` : "";
}

export default async function LogsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser();
  const raw = await searchParams;
  const filter = filterSchema.parse(firstValues({ source: raw.source, reason: raw.reason, before: raw.before, exportProblem: raw.exportProblem }));
  const audit = parseAuditSearch(raw);
  // Each list's links and form carry the other's filters and place, so using one never resets the other.
  const errorParams = { source: filter.source, reason: filter.reason, before: filter.before };
  const auditParams = { ...auditFilterParams(audit), auditBefore: audit.auditBefore, auditAfter: audit.auditAfter };
  const db = appDb();
  const [beforeAt, beforeId] = filter.before?.split("-").map(Number) ?? [];
  const entries = errorPage(
    db,
    { source: filter.source || undefined, reason: filter.reason || undefined, before: beforeAt !== undefined && beforeId !== undefined ? { at: new Date(beforeAt), id: beforeId } : undefined },
    PAGE_SIZE + 1,
  );
  // Staff read the error log too, but not other users' sign-in emails in it.
  const page = entries.slice(0, PAGE_SIZE).map((entry) => errorEntryFor(entry, user.role));
  const last = page.at(-1);
  const older = entries.length > PAGE_SIZE && last ? `${last.at.getTime()}-${last.id}` : undefined;
  const kinds = errorKinds(db);
  const sources = [...new Set(kinds.map((kind) => kind.source))];
  const reasons = [...new Set(kinds.filter((kind) => !filter.source || kind.source === filter.source).map((kind) => kind.reason))];
  const filtered = Boolean(filter.source || filter.reason);

  return (
    <>
      <PageHeader title="Logs" description="Rejected webhooks, failed sends and other errors, newest first. Payloads are stored redacted." />
      <section aria-labelledby="errors-heading" className="mb-6">
        <h2 id="errors-heading" className="mb-3 text-lg font-semibold">Error log</h2>
        <form method="get" key={`${filter.source ?? ""}|${filter.reason ?? ""}`} className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter the error log">
          <div>
            <label htmlFor="source" className="block text-sm font-medium">Source</label>
            <select id="source" name="source" defaultValue={filter.source ?? ""} className={INPUT_CLASS}>
              <option value="">All sources</option>
              {sources.map((source) => <option key={source} value={source}>{source}</option>)}
            </select>
          </div>
          <div>
            <label htmlFor="reason" className="block text-sm font-medium">Reason</label>
            <select id="reason" name="reason" defaultValue={filter.reason ?? ""} className={INPUT_CLASS}>
              <option value="">All reasons</option>
              {reasons.map((reason) => <option key={reason} value={reason}>{reason}</option>)}
            </select>
          </div>
          <HiddenParams params={auditParams} />
          <button type="submit" className={SECONDARY_BUTTON_CLASS}>Filter errors</button>
          {filtered ? <Link href={`/logs${query(auditParams)}`} className="text-sm text-emerald-700 underline dark:text-emerald-400">Clear filters</Link> : null}
        </form>
        {page.length === 0 ? (
          <EmptyState title={filtered ? "No errors match these filters" : "No errors recorded"}>
            {filtered ? "Try another source or reason." : "Rejected webhooks and failed sends will be listed here with their reason."}
          </EmptyState>
        ) : (
          // On a phone four columns leave Detail a character wide: each row stacks instead, time,
          // source and reason on a line and the detail under them, the headings kept for screen readers.
          <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
            <table className="w-full text-left text-sm max-sm:block">
              <thead className="border-b border-slate-200 text-slate-600 max-sm:sr-only dark:border-slate-800 dark:text-slate-400">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium">Time (UTC)</th>
                  <th scope="col" className="px-4 py-2 font-medium">Source</th>
                  <th scope="col" className="px-4 py-2 font-medium">Reason</th>
                  <th scope="col" className="px-4 py-2 font-medium">Detail</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200 align-top max-sm:block dark:divide-slate-800">
                {page.map((entry) => (
                  <tr key={entry.id} className="max-sm:flex max-sm:flex-wrap max-sm:gap-x-3 max-sm:gap-y-1 max-sm:px-4 max-sm:py-2">
                    <td className="px-4 py-2 whitespace-nowrap tabular-nums max-sm:p-0">
                      <time dateTime={entry.at.toISOString()}>{entry.at.toISOString().replace("T", " ").slice(0, 19)}</time>
                    </td>
                    <td className="px-4 py-2 font-mono text-xs leading-5 max-sm:min-w-0 max-sm:p-0 max-sm:wrap-anywhere">{entry.source}</td>
                    <td className="px-4 py-2 max-sm:min-w-0 max-sm:p-0">{entry.reason}</td>
                    <td className="px-4 py-2 text-slate-600 max-sm:min-w-0 max-sm:basis-full max-sm:wrap-anywhere max-sm:p-0 dark:text-slate-400">
                      {entry.detail}
                      {entry.payload !== null ? (
                        <details className="mt-1">
                          <summary className="cursor-pointer text-emerald-700 dark:text-emerald-400">Payload</summary>
                          <pre className="mt-1 max-w-xl overflow-x-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-800">{JSON.stringify(entry.payload, null, 2)}</pre>
                        </details>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="mt-3 flex gap-4 text-sm">
          {filter.before ? <Link href={`/logs${query({ source: filter.source, reason: filter.reason, ...auditParams })}`} className="text-emerald-700 underline dark:text-emerald-400">Newest</Link> : null}
          {older ? <Link href={`/logs${query({ source: filter.source, reason: filter.reason, before: older, ...auditParams })}`} className="text-emerald-700 underline dark:text-emerald-400">Older entries</Link> : null}
        </div>
      </section>
      {user.role === "admin" ? (
        <>
          {/* Apart from the audit trail: its From/To pick a bundle's messages, not audit entries. */}
          <section aria-labelledby="records-heading" className={`${SECTION_CLASS} mb-6`}>
            <h2 id="records-heading" className="mb-3 text-lg font-semibold">Records</h2>
            <div className="mb-4">
              <p className="mb-2 text-sm text-slate-600 dark:text-slate-400">Every audit entry and message is chained by SHA-256; purges and erasures are recorded so they do not read as tampering.</p>
              <VerifyRecordsButton />
            </div>
            <p className="mb-2 text-sm text-slate-600 dark:text-slate-400">A period&apos;s messages for a regulator, signed: days are UTC, From and To both included.</p>
            <RecordsExportForm problem={filter.exportProblem ? EXPORT_PROBLEMS[filter.exportProblem] : undefined} />
            <SigningKeyDetails signingKey={publicSigningKey(db)} />
          </section>
          <section aria-labelledby="audit-heading" className={SECTION_CLASS}>
            <h2 id="audit-heading" className="mb-3 text-lg font-semibold">Audit trail</h2>
            <AuditTrail search={audit} errorParams={errorParams} />
          </section>
        </>
      ) : null}
    </>
  );
}

const LINK_CLASS = "text-emerald-700 underline dark:text-emerald-400";

/** The audit trail's filters (kind, actor, days), its export and one page of it, with Newer/Older links. */
function AuditTrail({ search, errorParams }: { search: AuditSearch; errorParams: Record<string, string | undefined> }) {
  const db = appDb();
  const page = auditPage(db, toAuditFilter(search), PAGE_SIZE);
  const filters = auditFilterParams(search);
  const users = listUsers(db);
  const unknownUser = search.actor && !(search.actor in OTHER_ACTORS) && !users.some((user) => String(user.id) === search.actor) ? search.actor : null;
  const filtered = hasAuditFilters(search);
  const pageHref = (cursor: { auditBefore?: string; auditAfter?: string }) => `/logs${query({ ...errorParams, ...filters, ...cursor })}#audit-heading`;
  return (
    <>
      <form method="get" className="mb-3 flex flex-wrap items-end gap-2" aria-label="Filter the audit trail" key={AUDIT_FILTER_KEYS.map((key) => search[key] ?? "").join("|")}>
        <div>
          <label htmlFor="audit-kind" className="block text-sm font-medium">Kind</label>
          <select id="audit-kind" name="audit" defaultValue={search.audit ?? ""} className={INPUT_CLASS}>
            <option value="">Everything</option>
            {Object.entries(AUDIT_KINDS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </div>
        <div className="min-w-0 max-w-full">
          <label htmlFor="audit-actor" className="block text-sm font-medium">Actor</label>
          <select id="audit-actor" name="actor" defaultValue={search.actor ?? ""} className={INPUT_CLASS}>
            <option value="">Anyone</option>
            {users.map((user) => <option key={user.id} value={String(user.id)}>{user.email}</option>)}
            {unknownUser ? <option value={unknownUser}>Account {unknownUser} (no longer exists)</option> : null}
            {Object.entries(OTHER_ACTORS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="audit-from" className="block text-sm font-medium">From</label>
          <input id="audit-from" name="auditFrom" type="date" defaultValue={search.auditFrom ?? ""} className={INPUT_CLASS} />
        </div>
        <div>
          <label htmlFor="audit-to" className="block text-sm font-medium">To</label>
          <input id="audit-to" name="auditTo" type="date" defaultValue={search.auditTo ?? ""} className={INPUT_CLASS} />
        </div>
        <HiddenParams params={errorParams} />
        <button type="submit" className={SECONDARY_BUTTON_CLASS}>Filter changes</button>
        {filtered ? <Link href={`/logs${query(errorParams)}#audit-heading`} className={`text-sm ${LINK_CLASS}`}>Clear audit filters</Link> : null}
        {/* A download, not a page: the browser saves the CSV and stays here. */}
        <a href={`/logs/audit-export${query(filters)}`} download className={`${SECONDARY_BUTTON_CLASS} sm:ml-auto`}>Export CSV</a>
      </form>
      <p className="mb-2 text-xs text-slate-500 dark:text-slate-400">Days are UTC; From and To are both included.</p>
      <AuditList entries={page.entries} names={{ employees: employeeNames(db, employeeIdsOf(page.entries)) }} emptyText={filtered ? "No audit entries match these filters." : search.auditBefore || search.auditAfter ? "No more audit entries." : "Nothing audited yet."} />
      {page.newer || page.older ? (
        <nav aria-label="Audit trail pages" className="mt-3 flex justify-between gap-4 text-sm">
          {page.newer ? <Link href={pageHref({ auditAfter: encodeAuditCursor(page.newer) })} className={LINK_CLASS}>← Newer</Link> : <span />}
          {page.older ? <Link href={pageHref({ auditBefore: encodeAuditCursor(page.older) })} className={LINK_CLASS}>Older →</Link> : null}
        </nav>
      ) : null}
    </>
  );
}

/** The other form's filters, so filtering one part of the page does not reset the other. */
function HiddenParams({ params }: { params: Record<string, string | undefined> }) {
  return Object.entries(params).map(([name, value]) => (value ? <input key={name} type="hidden" name={name} value={value} /> : null));
}
