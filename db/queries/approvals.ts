import { desc, eq, lt } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "../client";
import { approvalRequests, employees, type ApprovalRequest, type Employee } from "../schema";

export type NewApproval = Pick<ApprovalRequest, "reference" | "title" | "requester" | "approverId">;

export function insertApproval(db: Db, values: NewApproval, now: Date): ApprovalRequest {
  return db.insert(approvalRequests).values({ ...values, status: "pending", createdAt: now, updatedAt: now }).returning().get();
}

export function findApproval(db: Db, id: number): ApprovalRequest | undefined {
  return db.select().from(approvalRequests).where(eq(approvalRequests.id, id)).get();
}

export function decideApproval(
  db: Db,
  id: number,
  decision: { status: "approved" | "rejected"; byEmployeeId: number; via: string; messageSid: string | null; reason: string | null; at: Date },
): boolean {
  return (
    db
      .update(approvalRequests)
      .set({ status: decision.status, decidedByEmployeeId: decision.byEmployeeId, decidedVia: decision.via, decisionMessageSid: decision.messageSid, reason: decision.reason, decidedAt: decision.at, updatedAt: decision.at })
      .where(eq(approvalRequests.id, id))
      .run().changes === 1
  );
}

const approver = alias(employees, "approver");
const decider = alias(employees, "decider");

export type ApprovalRow = ApprovalRequest & { approver: Employee; decider: Employee | null };

/** Newest first, one page older than `beforeId` (keyset on the primary key: ids grow with time). */
export function listApprovals(db: Db, page: { beforeId?: number; limit: number }): ApprovalRow[] {
  return db
    .select({ request: approvalRequests, approver, decider })
    .from(approvalRequests)
    .innerJoin(approver, eq(approver.id, approvalRequests.approverId))
    .leftJoin(decider, eq(decider.id, approvalRequests.decidedByEmployeeId))
    .where(page.beforeId === undefined ? undefined : lt(approvalRequests.id, page.beforeId))
    .orderBy(desc(approvalRequests.id))
    .limit(page.limit)
    .all()
    .map((row) => ({ ...row.request, approver: row.approver, decider: row.decider }));
}
