import { exactUtc } from "@/components/time-ago";
import type { AuditEntry } from "@/db/schema";
import { describeAudit, type AuditNames, type AuditValue } from "@/lib/audit/describe";

function Value({ value }: { value: AuditValue }) {
  if ("summary" in value) {
    return (
      <details className="inline-block max-w-full align-top">
        <summary className="cursor-pointer text-emerald-700 dark:text-emerald-400">{value.summary}</summary>
        <pre className="mt-1 max-w-full overflow-x-auto rounded bg-slate-100 p-2 text-xs whitespace-pre-wrap dark:bg-slate-800">{value.full}</pre>
      </details>
    );
  }
  return value.dateTime ? <time dateTime={value.dateTime} title={value.dateTime}>{value.text}</time> : <>{value.text}</>;
}

/**
 * The audit trail as people read it: when, who, what, and to whom or what (the subject, always
 * last in the first line), then each field in words. `names` are the people the page resolved by id.
 */
export function AuditList({ entries, emptyText, names }: { entries: AuditEntry[]; emptyText: string; names?: AuditNames }) {
  if (entries.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">{emptyText}</p>;
  return (
    // Details hold unbroken values (SHA-256 hashes, tokens, URLs) far wider than a phone: they may
    // break anywhere rather than widen the page.
    <ol className="divide-y divide-slate-200 text-sm wrap-anywhere dark:divide-slate-800">
      {entries.map((entry) => {
        const { subject, fields } = describeAudit(entry, names);
        return (
          <li key={entry.id} className="py-2">
            <div className="flex flex-wrap gap-x-3 gap-y-1 *:min-w-0">
              <time dateTime={entry.at.toISOString()} className="text-slate-500 dark:text-slate-400 tabular-nums" title={entry.at.toISOString()}>
                {exactUtc(entry.at)}
              </time>
              <span className="font-medium">{entry.actorLabel}</span>
              <span className="font-mono text-xs leading-5">{entry.action}</span>
              {subject ? (
                <span className="font-semibold">
                  <span className="sr-only">Subject: </span>
                  {subject}
                </span>
              ) : null}
            </div>
            {fields.length > 0 ? (
              <dl className="mt-1 space-y-0.5 text-slate-600 dark:text-slate-400">
                {fields.map((field, index) => (
                  <div key={index} className="*:inline">
                    <dt className="font-medium text-slate-700 dark:text-slate-300">{field.label}: </dt>
                    <dd>
                      {field.before ? <Value value={field.before} /> : null}
                      {field.before && field.after ? " → " : null}
                      {field.after ? <Value value={field.after} /> : null}
                    </dd>
                  </div>
                ))}
              </dl>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
