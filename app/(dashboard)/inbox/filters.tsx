import Link from "next/link";
import { INPUT_CLASS, SECONDARY_BUTTON_CLASS } from "@/components/ui";
import { FLAGS, STATUSES, commandChoices, hasFilters, searchQuery, type InboxSearch } from "@/lib/inbox/filter";

const LABEL = "block text-xs font-medium text-slate-600 dark:text-slate-400";

/** A plain GET form: every filter lives in the URL (shareable, back button works), no script needed. */
export function InboxFilters({ search, ruleCommands }: { search: InboxSearch; ruleCommands: string[] }) {
  return (
    <form method="get" action="/inbox" aria-label="Filter messages" className="mb-4 space-y-3" key={searchQuery(search)}>
      {search.direction !== "all" ? <input type="hidden" name="direction" value={search.direction} /> : null}
      <div className="flex gap-2">
        <label htmlFor="inbox-q" className="sr-only">Search messages</label>
        {/* autoComplete off, here and on the typed filters below: on Back, Chrome would otherwise put
            back what was typed before leaving, not the filter in the URL. */}
        <input id="inbox-q" name="q" type="search" autoComplete="off" defaultValue={search.q} placeholder="Search text, or paste a message SID…" className={`${INPUT_CLASS} mt-0`} />
        <button type="submit" className={SECONDARY_BUTTON_CLASS}>Search</button>
      </div>
      <details open={hasFilters(search) && !(Object.keys(search).length === 2 && search.q) ? true : undefined} className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
        <summary className="cursor-pointer text-sm font-medium">Filters</summary>
        <div className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-4">
          <div>
            <label htmlFor="f-status" className={LABEL}>Status</label>
            <select id="f-status" name="status" defaultValue={search.status ?? ""} className={INPUT_CLASS}>
              <option value="">Any status</option>
              {STATUSES.map((status) => <option key={status} value={status}>{status}</option>)}
            </select>
          </div>
          <div>
            <label htmlFor="f-command" className={LABEL}>Command</label>
            <select id="f-command" name="command" defaultValue={search.command ?? ""} className={INPUT_CLASS}>
              <option value="">Any command</option>
              {commandChoices(ruleCommands, search.command).map((command) => <option key={command} value={command}>{command}</option>)}
            </select>
          </div>
          <div>
            <label htmlFor="f-number" className={LABEL}>Number</label>
            <input id="f-number" name="number" type="tel" autoComplete="off" defaultValue={search.number} placeholder="+919812345678 or part of it" className={INPUT_CLASS} />
          </div>
          <div>
            <label htmlFor="f-handled" className={LABEL}>Handling</label>
            <select id="f-handled" name="handled" defaultValue={search.handled ?? ""} className={INPUT_CLASS}>
              <option value="">Open and handled</option>
              <option value="open">Open (unhandled)</option>
              <option value="handled">Handled</option>
            </select>
          </div>
          <div>
            <label htmlFor="f-from" className={LABEL}>From (UTC day)</label>
            <input id="f-from" name="from" type="date" autoComplete="off" defaultValue={search.from} className={INPUT_CLASS} />
          </div>
          <div>
            <label htmlFor="f-to" className={LABEL}>To (UTC day)</label>
            <input id="f-to" name="to" type="date" autoComplete="off" defaultValue={search.to} className={INPUT_CLASS} />
          </div>
          <div>
            <label htmlFor="f-flag" className={LABEL}>Flagged</label>
            <select id="f-flag" name="flag" defaultValue={search.flag ?? ""} className={INPUT_CLASS}>
              <option value="">Flagged or not</option>
              {Object.entries(FLAGS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
            </select>
          </div>
          <div className="flex items-end gap-2">
            <button type="submit" className={SECONDARY_BUTTON_CLASS}>Apply</button>
            {hasFilters(search) ? <Link href={`/inbox${searchQuery(search, { status: undefined, command: undefined, number: undefined, from: undefined, to: undefined, handled: undefined, flag: undefined, q: undefined })}`} className="py-1.5 text-sm text-emerald-700 underline dark:text-emerald-400">Clear</Link> : null}
          </div>
        </div>
      </details>
    </form>
  );
}
