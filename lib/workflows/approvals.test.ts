import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findApproval, insertApproval } from "@/db/queries/approvals";
import { recentAudit } from "@/db/queries/audit";
import { insertEmployee } from "@/db/queries/employees";
import type { ApprovalRequest, Employee } from "@/db/schema";
import { DEFAULT_REPLIES } from "@/lib/commands/replies";
import { readInbound } from "@/lib/twilio/inbound";
import { receiveMessage } from "@/lib/webhooks/incoming";
import { tempDb, type TempDb } from "@/tests/support/db";
import { inboundParams, messageSid } from "@/tests/support/twilio-fixtures";
import { parseDecision } from "./approvals";

let t: TempDb;
let meera: Employee;
let request: ApprovalRequest;
const now = new Date("2026-11-25T10:00:00Z");
const config = { settings: { incomingEnabled: true, dailyLimit: 500, cooldownSeconds: 0, replies: { ...DEFAULT_REPLIES } }, rules: [] };

function say(phone: string, body: string, at = now) {
  return receiveMessage(t.db, readInbound(inboundParams({ MessageSid: messageSid(), Body: body, From: `whatsapp:${phone}` })), config, at).reply?.body ?? null;
}

beforeEach(() => {
  t = tempDb();
  meera = insertEmployee(t.db, { name: "Meera", employeeCode: "E3", phone: "+919800000003", department: "Equity", managerId: null, approver: false, active: true }, now);
  request = insertApproval(t.db, { reference: "TRD-1", title: "Pre-clearance: 500 INFY", requester: "Asha", approverId: meera.id }, now);
});
afterEach(() => t.close());

describe("a decision's reason", () => {
  it("is none when it has no letter or digit: a full stop after APPROVE 3 is not recorded as one", () => {
    expect(parseDecision(" 3.")).toEqual({ id: 3, reason: "" });
    expect(parseDecision(" 3 !!")).toEqual({ id: 3, reason: "" });
    expect(parseDecision(" 3 \u00a0…\u200b")).toEqual({ id: 3, reason: "" });
    expect(parseDecision(" 3 ok.")).toEqual({ id: 3, reason: "ok." });
    expect(parseDecision(" 3 Q3 — 100%")).toEqual({ id: 3, reason: "Q3 — 100%" });
    expect(parseDecision(" 3 नहीं")).toEqual({ id: 3, reason: "नहीं" });

    expect(say(meera.phone, `approve ${request.id}.`)).toMatch(/^Approved request/);
    expect(findApproval(t.db, request.id)).toMatchObject({ status: "approved", reason: null });
    expect(recentAudit(t.db, 1)[0]).toMatchObject({ action: "approvals.approve", after: { reason: null } });
  });

  it("for REJECT must say something, as when it is missing", () => {
    for (const body of [`REJECT ${request.id}.`, `REJECT ${request.id} ...`, `reject #${request.id} - ?`]) {
      expect(say(meera.phone, body)).toBe(`Please add a reason: REJECT ${request.id} <reason>.`);
    }
    expect(findApproval(t.db, request.id)?.status).toBe("pending");
  });
});
