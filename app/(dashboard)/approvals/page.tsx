import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { OlderLink } from "@/components/older-link";
import { PageHeader } from "@/components/page-header";
import { RecordSection } from "@/components/record-section";
import { TimeAgo } from "@/components/time-ago";
import { SECTION_CLASS } from "@/components/ui";
import { listApprovals } from "@/db/queries/approvals";
import { hasActivePeople } from "@/db/queries/employees";
import { requirePageUser } from "@/lib/auth/current";
import { appDb } from "@/lib/db";
import { beforeIdParam, pageOf } from "@/lib/http/page-param";
import { firstValues } from "@/lib/http/params";
import { decisionChannel } from "@/lib/workflows/approval-text";
import { userName } from "@/lib/workflows/approvals";
import { ApprovalForm, PendingActions } from "./forms";

export const metadata: Metadata = { title: "Approvals" };

const TONE = {
  pending: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  approved: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  rejected: "bg-rose-100 text-rose-900 dark:bg-rose-950 dark:text-rose-200",
  withdrawn: "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100",
};

const PAGE_SIZE = 50;

export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser();
  const db = appDb();
  const beforeId = beforeIdParam.parse(firstValues(await searchParams).before);
  const { items: requests, olderThan } = pageOf(listApprovals(db, { beforeId, limit: PAGE_SIZE + 1 }), PAGE_SIZE);
  return (
    <>
      <PageHeader title="Approvals" description="Requests approvers decide by WhatsApp: APPROVE 42 or REJECT 42 reason. Every decision is audit-logged with its message." />
      <div className="space-y-6">
        <section aria-labelledby="requests-heading" className={SECTION_CLASS}>
          <h2 id="requests-heading" tabIndex={-1} className="mb-3 text-lg font-semibold">Requests</h2>
          <RecordSection headingId="requests-heading">
            {requests.length === 0 && beforeId === undefined ? <EmptyState title="No approval requests yet">Create one below; the approver can decide from WhatsApp.</EmptyState> : (
              <ul aria-label="Approval requests" className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
                {requests.map((request) => (
                  <li key={request.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between">
                    {/* min-w-0 and break-words: a long title, reason or MessageSid wraps instead of widening a phone's page. */}
                    <div className="min-w-0 break-words sm:flex-1">
                      <p>
                        <span className="font-mono text-slate-500 dark:text-slate-400">#{request.id}</span> <span className="font-medium">{request.title}</span>{" "}
                        <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${TONE[request.status]}`}>{request.status}</span>
                      </p>
                      <p className="text-slate-600 dark:text-slate-400">
                        {request.reference} · asked by {request.requester} · approver {request.approver.name}
                        {request.approver.active ? null : <span className="font-medium text-rose-700 dark:text-rose-300"> (inactive)</span>} · <TimeAgo date={request.createdAt} />
                      </p>
                      {request.status === "pending" && request.lastNotifiedAt ? (
                        <p className="text-slate-600 dark:text-slate-400">
                          Notified <TimeAgo date={request.lastNotifiedAt} />
                          {request.notifiedBy ? ` by ${userName(request.notifiedBy)}` : ""}
                        </p>
                      ) : null}
                      {request.status === "approved" || request.status === "rejected" ? (
                        <p className="mt-1 text-slate-700 dark:text-slate-300">
                          {request.status === "approved" ? "Approved" : "Rejected"} by {request.decider?.name ?? "unknown"}{request.decidedVia ? ` via ${decisionChannel(request.decidedVia)}` : ""}
                          {request.decidedAt ? <> · <TimeAgo date={request.decidedAt} /></> : null}
                          {request.reason ? ` · “${request.reason}”` : ""}
                          {/* A MessageSid is one 34-character word: after a space, so it can move to a line of its own, and broken anywhere when even that is too narrow. */}
                          {request.decisionMessageSid ? <> <span className="font-mono text-xs wrap-anywhere text-slate-500 dark:text-slate-400">{request.decisionMessageSid}</span></> : null}
                        </p>
                      ) : null}
                      {request.status === "withdrawn" ? (
                        <p className="mt-1 text-slate-700 dark:text-slate-300">
                          Withdrawn by {request.withdrawnBy ? userName(request.withdrawnBy) : "unknown"}
                          {request.withdrawnAt ? <> · <TimeAgo date={request.withdrawnAt} /></> : null}
                          {request.withdrawnReason ? ` · “${request.withdrawnReason}”` : ""}
                        </p>
                      ) : null}
                    </div>
                    {request.status === "pending" ? <PendingActions id={request.id} approverId={request.approverId} /> : null}
                  </li>
                ))}
              </ul>
            )}
          </RecordSection>
          <OlderLink path="/approvals" paged={beforeId !== undefined} olderThan={olderThan} label="Requests" />
        </section>
        <section aria-labelledby="new-request" className={SECTION_CLASS}>
          <h2 id="new-request" className="mb-3 text-lg font-semibold">New request</h2>
          {!hasActivePeople(db) ? <p className="text-sm text-slate-600 dark:text-slate-400">Add people first: an approver must be someone with a WhatsApp number.</p> : <ApprovalForm />}
        </section>
      </div>
    </>
  );
}
