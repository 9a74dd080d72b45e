import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listApprovals, insertApproval } from "@/db/queries/approvals";
import { insertCampaign, listCampaigns } from "@/db/queries/campaigns";
import { insertEmployee } from "@/db/queries/employees";
import { tempDb, type TempDb } from "@/tests/support/db";
import { beforeIdParam, pageOf } from "./page-param";

let t: TempDb;
const now = new Date("2026-11-25T10:00:00Z");
beforeEach(() => (t = tempDb()));
afterEach(() => t.close());

/** Walks a list page by page as the "Older" link does, collecting the ids shown. */
function walk(list: (beforeId: number | undefined, limit: number) => { id: number }[], size: number): number[][] {
  const pages: number[][] = [];
  let beforeId: number | undefined;
  for (;;) {
    const { items, olderThan } = pageOf(list(beforeId, size + 1), size);
    pages.push(items.map((item) => item.id));
    if (olderThan === null) return pages;
    beforeId = olderThan;
  }
}

describe("newest-first keyset pages", () => {
  it("shows approval requests and campaigns page by page, newest first, none skipped or repeated", () => {
    const approver = insertEmployee(t.db, { name: "Lata", employeeCode: "W1", phone: "+919550000001", department: "", managerId: null, approver: true, active: true }, now);
    for (let i = 1; i <= 7; i++) {
      insertApproval(t.db, { reference: `PRE-${i}`, title: `Request ${i}`, requester: "Omar", approverId: approver.id }, now);
      insertCampaign(t.db, { name: `Campaign ${i}`, body: "x", contentSid: null, audience: {}, createdByUserId: null }, now);
    }
    const expected = [[7, 6, 5], [4, 3, 2], [1]];
    expect(walk((beforeId, limit) => listApprovals(t.db, { beforeId, limit }), 3)).toEqual(expected);
    expect(walk((beforeId, limit) => listCampaigns(t.db, { beforeId, limit }), 3)).toEqual(expected);
    expect(walk((beforeId, limit) => listCampaigns(t.db, { beforeId, limit }), 7)).toEqual([[7, 6, 5, 4, 3, 2, 1]]);
  });

  it("reads ?before= as a positive id, and anything else as the newest page", () => {
    expect(beforeIdParam.parse("42")).toBe(42);
    expect(beforeIdParam.parse(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    for (const value of [undefined, "", "0", "-3", "4.5", "abc", "1e400"]) expect(beforeIdParam.parse(value), String(value)).toBeUndefined();
    // Other spellings of a number are no id the app writes: not another address of a page.
    for (const value of ["1e3", "0x10", " 7", "7 ", "+7", "07", "7.0", "0b11", String(Number.MAX_SAFE_INTEGER + 1), "１２"]) expect(beforeIdParam.parse(value), value).toBeUndefined();
  });
});
