import type { AuditEntry } from "@/db/schema";

function describe(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => `${key}: ${typeof item === "object" ? JSON.stringify(item) : String(item)}`)
      .join(", ");
  }
  return String(value);
}

export function AuditList({ entries, emptyText }: { entries: AuditEntry[]; emptyText: string }) {
  if (entries.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">{emptyText}</p>;
  return (
    // Details hold unbroken values (SHA-256 hashes, tokens, URLs) far wider than a phone: they may
    // break anywhere rather than widen the page.
    <ol className="divide-y divide-slate-200 text-sm wrap-anywhere dark:divide-slate-800">
      {entries.map((entry) => (
        <li key={entry.id} className="flex flex-wrap gap-x-3 gap-y-1 py-2 *:min-w-0">
          <time dateTime={entry.at.toISOString()} className="text-slate-500 dark:text-slate-400 tabular-nums" title={entry.at.toISOString()}>
            {entry.at.toISOString().replace("T", " ").slice(0, 19)} UTC
          </time>
          <span className="font-medium">{entry.actorLabel}</span>
          <span className="font-mono text-xs leading-5">{entry.action}</span>
          {entry.before !== null || entry.after !== null ? (
            <span className="text-slate-600 dark:text-slate-400">
              {describe(entry.before) || "—"} → {describe(entry.after) || "—"}
            </span>
          ) : entry.target ? (
            <span className="text-slate-600 dark:text-slate-400">{entry.target}</span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
