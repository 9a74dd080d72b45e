import { and, desc, eq, lt } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "../client";
import { approvalRequests, employees, users, type ApprovalRequest, type Employee } from "../schema";

export type NewApproval = Pick<ApprovalRequest, "reference" | "title" | "requester" | "approverId">;

export function insertApproval(db: Db, values: NewApproval, now: Date): ApprovalRequest {
  return db.insert(approvalRequests).values({ ...values, status: "pending", createdAt: now, updatedAt: now }).returning().get();
}

export function findApproval(db: Db, id: number): ApprovalRequest | undefined {
  return db.select().from(approvalRequests).where(eq(approvalRequests.id, id)).get();
}

/** Whether any request still waits for this employee's decision (approval_requests_approver_idx). */
export function hasPendingApprovalFor(db: Db, employeeId: number): boolean {
  return db.select({ id: approvalRequests.id }).from(approvalRequests).where(and(eq(approvalRequests.approverId, employeeId), eq(approvalRequests.status, "pending"))).limit(1).get() !== undefined;
}

// Changes below apply to a pending request only, so one that was decided or withdrawn in the
// meantime is left as it is and the caller learns it from `false`.
const stillPending = (id: number) => and(eq(approvalRequests.id, id), eq(approvalRequests.status, "pending"));

export function decideApproval(
  db: Db,
  id: number,
  decision: { status: "approved" | "rejected"; byEmployeeId: number; via: string; messageSid: string | null; reason: string | null; at: Date },
): boolean {
  return (
    db
      .update(approvalRequests)
      .set({ status: decision.status, decidedByEmployeeId: decision.byEmployeeId, decidedVia: decision.via, decisionMessageSid: decision.messageSid, reason: decision.reason, decidedAt: decision.at, updatedAt: decision.at })
      .where(stillPending(id))
      .run().changes === 1
  );
}

export function markApprovalNotified(db: Db, id: number, byUserId: number | null, at: Date): boolean {
  return db.update(approvalRequests).set({ lastNotifiedAt: at, lastNotifiedByUserId: byUserId, updatedAt: at }).where(stillPending(id)).run().changes === 1;
}

/** The last notice went to the previous approver: the new one has not been told yet. */
export function reassignApproval(db: Db, id: number, approverId: number, at: Date): boolean {
  return db.update(approvalRequests).set({ approverId, lastNotifiedAt: null, lastNotifiedByUserId: null, updatedAt: at }).where(stillPending(id)).run().changes === 1;
}

export function withdrawApproval(db: Db, id: number, withdrawal: { byUserId: number | null; reason: string; at: Date }): boolean {
  return (
    db
      .update(approvalRequests)
      .set({ status: "withdrawn", withdrawnAt: withdrawal.at, withdrawnByUserId: withdrawal.byUserId, withdrawnReason: withdrawal.reason, updatedAt: withdrawal.at })
      .where(stillPending(id))
      .run().changes === 1
  );
}

const approver = alias(employees, "approver");
const decider = alias(employees, "decider");
const notifier = alias(users, "notifier");
const withdrawer = alias(users, "withdrawer");

/** A dashboard user as the list names them: never the whole row, which holds the password hash. */
export type UserName = { name: string; email: string };

export type ApprovalRow = ApprovalRequest & { approver: Employee; decider: Employee | null; notifiedBy: UserName | null; withdrawnBy: UserName | null };

/** Newest first, one page older than `beforeId` (keyset on the primary key: ids grow with time). */
export function listApprovals(db: Db, page: { beforeId?: number; limit: number }): ApprovalRow[] {
  return db
    .select({
      request: approvalRequests,
      approver,
      decider,
      notifiedBy: { name: notifier.name, email: notifier.email },
      withdrawnBy: { name: withdrawer.name, email: withdrawer.email },
    })
    .from(approvalRequests)
    .innerJoin(approver, eq(approver.id, approvalRequests.approverId))
    .leftJoin(decider, eq(decider.id, approvalRequests.decidedByEmployeeId))
    .leftJoin(notifier, eq(notifier.id, approvalRequests.lastNotifiedByUserId))
    .leftJoin(withdrawer, eq(withdrawer.id, approvalRequests.withdrawnByUserId))
    .where(page.beforeId === undefined ? undefined : lt(approvalRequests.id, page.beforeId))
    .orderBy(desc(approvalRequests.id))
    .limit(page.limit)
    .all()
    .map((row) => ({ ...row.request, approver: row.approver, decider: row.decider, notifiedBy: row.notifiedBy, withdrawnBy: row.withdrawnBy }));
}
