import type { Metadata } from "next";
import { AuditList } from "@/components/audit-list";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { recentAudit } from "@/db/queries/audit";
import { recentErrors } from "@/db/queries/errors";
import { requirePageUser } from "@/lib/auth/current";
import { appDb } from "@/lib/db";

export const metadata: Metadata = { title: "Logs" };

export default async function LogsPage() {
  const user = await requirePageUser();
  const db = appDb();
  const errors = recentErrors(db, 100);
  const audit = user.role === "admin" ? recentAudit(db, 100) : [];
  return (
    <>
      <PageHeader title="Logs" description="Rejected webhooks, failed sends and other errors, newest first." />
      <section aria-labelledby="errors-heading" className="mb-6">
        <h2 id="errors-heading" className="mb-3 text-lg font-semibold">Error log</h2>
        {errors.length === 0 ? (
          <EmptyState title="No errors recorded">Rejected webhooks and failed sends will be listed here with their reason.</EmptyState>
        ) : (
          <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
            <table className="w-full text-left text-sm">
              <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium">Time (UTC)</th>
                  <th scope="col" className="px-4 py-2 font-medium">Source</th>
                  <th scope="col" className="px-4 py-2 font-medium">Reason</th>
                  <th scope="col" className="px-4 py-2 font-medium">Detail</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                {errors.map((entry) => (
                  <tr key={entry.id}>
                    <td className="px-4 py-2 whitespace-nowrap tabular-nums">{entry.at.toISOString().replace("T", " ").slice(0, 19)}</td>
                    <td className="px-4 py-2">{entry.source}</td>
                    <td className="px-4 py-2">{entry.reason}</td>
                    <td className="px-4 py-2 text-slate-600 dark:text-slate-400">{entry.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {user.role === "admin" ? (
        <section aria-labelledby="audit-heading" className="rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
          <h2 id="audit-heading" className="mb-3 text-lg font-semibold">Audit trail</h2>
          <AuditList entries={audit} emptyText="Nothing audited yet." />
        </section>
      ) : null}
    </>
  );
}
