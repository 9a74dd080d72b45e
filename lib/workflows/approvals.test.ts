import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findApproval, insertApproval, listApprovals } from "@/db/queries/approvals";
import { recentAudit } from "@/db/queries/audit";
import { insertEmployee } from "@/db/queries/employees";
import { insertUser } from "@/db/queries/users";
import type { ApprovalRequest, Employee } from "@/db/schema";
import type { Actor } from "@/lib/audit";
import { DEFAULT_REPLIES } from "@/lib/commands/replies";
import { readInbound } from "@/lib/twilio/inbound";
import { receiveMessage } from "@/lib/webhooks/incoming";
import { tempDb, type TempDb } from "@/tests/support/db";
import { inboundParams, messageSid } from "@/tests/support/twilio-fixtures";
import { notifyApprover, parseDecision, reassignApprovalRequest, reassignInput, withdrawApprovalRequest, withdrawInput } from "./approvals";

let t: TempDb;
let meera: Employee;
let ravi: Employee;
let asha: Employee;
let admin: Actor;
let request: ApprovalRequest;
const now = new Date("2026-11-25T10:00:00Z");
const FROM = "whatsapp:+14155238886";
const MINUTE = 60_000;
const config = { settings: { incomingEnabled: true, dailyLimit: 500, cooldownSeconds: 0, replies: { ...DEFAULT_REPLIES } }, rules: [] };

function say(phone: string, body: string, at = now) {
  return receiveMessage(t.db, readInbound(inboundParams({ MessageSid: messageSid(), Body: body, From: `whatsapp:${phone}` })), config, at).reply?.body ?? null;
}
// The dashboard's sends, not the auto-replies to the HI that opened the windows.
const outbound = () => (t.db.$client.prepare("select to_address as \"to\", status from messages where direction = 'outbound' and sent_by_user_id is not null order by id").all() as { to: string; status: string }[]);
const deactivate = (person: Employee) => t.db.$client.prepare("update employees set active = 0 where id = ?").run(person.id);

beforeEach(() => {
  t = tempDb();
  const person = (name: string, code: string, phone: string) =>
    insertEmployee(t.db, { name, employeeCode: code, phone, department: "Equity", managerId: null, approver: false, active: true }, now);
  meera = person("Meera", "E3", "+919800000003");
  ravi = person("Ravi", "E2", "+919800000002");
  asha = person("Asha", "E1", "+919800000001");
  const user = insertUser(t.db, { email: "priya@example.com", name: "Priya", role: "staff", passwordHash: "x", now });
  admin = { id: user.id, label: user.email };
  request = insertApproval(t.db, { reference: "TRD-1", title: "Pre-clearance: 500 INFY", requester: "Asha", approverId: meera.id }, now);
  // Both wrote a minute ago, so free text is inside their 24-hour window.
  say(meera.phone, "HI", new Date(now.getTime() - MINUTE));
  say(ravi.phone, "HI", new Date(now.getTime() - MINUTE));
});
afterEach(() => t.close());

describe("Notify approver", () => {
  it("refuses an approver who was deactivated, saying to reassign, and sends nothing", () => {
    deactivate(meera);
    const outcome = notifyApprover(t.db, admin, { id: request.id, confirmedRound: null, from: FROM }, now);
    expect(outcome).toEqual({ ok: false, error: `Meera is no longer active and cannot answer by WhatsApp. Reassign request ${request.id} to someone else, or withdraw it.` });
    expect(outbound()).toEqual([]);
    expect(findApproval(t.db, request.id)?.lastNotifiedAt).toBeNull();
  });

  it("records when and by whom it was notified, and asks before sending again within the hour", () => {
    expect(notifyApprover(t.db, admin, { id: request.id, confirmedRound: null, from: FROM }, now)).toMatchObject({ ok: true, approver: { id: meera.id }, template: false });
    expect(findApproval(t.db, request.id)).toMatchObject({ lastNotifiedAt: now, lastNotifiedByUserId: admin.id });
    expect(listApprovals(t.db, { limit: 1 })[0]).toMatchObject({ lastNotifiedAt: now, notifiedBy: { name: "Priya", email: "priya@example.com" } });

    // A second click half an hour later sends nothing: it answers with when and by whom instead.
    const later = new Date(now.getTime() + 30 * MINUTE);
    expect(notifyApprover(t.db, admin, { id: request.id, confirmedRound: null, from: FROM }, later)).toEqual({
      ok: false,
      recent: { at: now, by: "Priya", round: now.getTime(), superseded: false },
      approver: expect.objectContaining({ id: meera.id }),
    });
    expect(outbound()).toHaveLength(1);
    // Confirmed for that notice, it sends, and that is the last notice now.
    expect(notifyApprover(t.db, admin, { id: request.id, confirmedRound: now.getTime(), from: FROM }, later)).toMatchObject({ ok: true });
    expect(outbound()).toHaveLength(2);
    expect(findApproval(t.db, request.id)?.lastNotifiedAt).toEqual(later);
    // An hour after that, no question.
    expect(notifyApprover(t.db, admin, { id: request.id, confirmedRound: null, from: FROM }, new Date(later.getTime() + 60 * MINUTE))).toMatchObject({ ok: true });
    expect(outbound()).toHaveLength(3);
  });

  it("sends one WhatsApp when two people confirm the same question: the second is told who sent it, and asked about that notice", () => {
    const ben = insertUser(t.db, { email: "ben@example.com", name: "Ben", role: "staff", passwordHash: "x", now });
    const asBen: Actor = { id: ben.id, label: ben.email };
    notifyApprover(t.db, admin, { id: request.id, confirmedRound: null, from: FROM }, now);
    // Both open the question about Priya's notice...
    const soon = new Date(now.getTime() + 5 * MINUTE);
    const asked = notifyApprover(t.db, admin, { id: request.id, confirmedRound: null, from: FROM }, soon);
    expect(notifyApprover(t.db, asBen, { id: request.id, confirmedRound: null, from: FROM }, soon)).toEqual(asked);
    if (asked.ok || !("recent" in asked)) throw new Error("expected a question");
    // ...and both confirm it, a moment apart: exactly one WhatsApp goes out.
    const moment = new Date(soon.getTime() + 1000);
    expect(notifyApprover(t.db, asBen, { id: request.id, confirmedRound: asked.recent.round, from: FROM }, moment)).toMatchObject({ ok: true });
    const second = notifyApprover(t.db, admin, { id: request.id, confirmedRound: asked.recent.round, from: FROM }, new Date(moment.getTime() + 1000));
    expect(second).toEqual({ ok: false, recent: { at: moment, by: "Ben", round: moment.getTime(), superseded: true }, approver: expect.objectContaining({ id: meera.id }) });
    expect(outbound()).toHaveLength(2);
    expect(findApproval(t.db, request.id)).toMatchObject({ lastNotifiedAt: moment, lastNotifiedByUserId: ben.id });
    // Confirming Ben's notice, the question they were asked now, sends another.
    expect(notifyApprover(t.db, admin, { id: request.id, confirmedRound: moment.getTime(), from: FROM }, new Date(moment.getTime() + 2000))).toMatchObject({ ok: true });
    expect(outbound()).toHaveLength(3);
    expect(recentAudit(t.db, 50).filter((entry) => entry.action === "approvals.notify")).toHaveLength(3);
  });

  it("needs no confirmation for a notice that is an hour old, whatever notice was confirmed", () => {
    notifyApprover(t.db, admin, { id: request.id, confirmedRound: null, from: FROM }, now);
    expect(notifyApprover(t.db, admin, { id: request.id, confirmedRound: 12345, from: FROM }, new Date(now.getTime() + 60 * MINUTE))).toMatchObject({ ok: true });
    // A made-up notice within the hour is no confirmation.
    expect(notifyApprover(t.db, admin, { id: request.id, confirmedRound: 12345, from: FROM }, new Date(now.getTime() + 61 * MINUTE))).toMatchObject({ ok: false, recent: { superseded: true } });
    expect(outbound()).toHaveLength(2);
  });

  it("does not count a send the queue refused as a notice", () => {
    const silent = insertApproval(t.db, { reference: "TRD-2", title: "Gift register", requester: "Asha", approverId: asha.id }, now);
    // Asha never wrote and no approval template is set: free text outside the window is refused.
    const outcome = notifyApprover(t.db, admin, { id: silent.id, confirmedRound: null, from: FROM }, now);
    expect(outcome).toMatchObject({ ok: false, templateMissing: true });
    expect(findApproval(t.db, silent.id)?.lastNotifiedAt).toBeNull();
    expect(notifyApprover(t.db, admin, { id: silent.id, confirmedRound: null, from: FROM }, now)).toMatchObject({ ok: false, templateMissing: true });
  });

  it("refuses a withdrawn request", () => {
    withdrawApprovalRequest(t.db, admin, { id: request.id, reason: "Trade cancelled" }, now);
    expect(notifyApprover(t.db, admin, { id: request.id, confirmedRound: now.getTime(), from: FROM }, now)).toEqual({ ok: false, error: `Request ${request.id} is already withdrawn.` });
    expect(outbound()).toEqual([]);
  });
});

describe("HELP by WhatsApp", () => {
  const listsDecisions = (phone: string, body = "HELP") => /^APPROVE <number>.*\nREJECT <number> <reason>/m.test(say(phone, body) ?? "");

  it("lists APPROVE and REJECT for whoever they would act for: the assigned approver of a pending request, or anyone flagged as approver", () => {
    expect(listsDecisions(meera.phone)).toBe(true);
    expect(listsDecisions(meera.phone, "menu")).toBe(true);
    expect(listsDecisions(ravi.phone)).toBe(false);
    t.db.$client.prepare("update employees set approver = 1 where id = ?").run(ravi.id);
    expect(listsDecisions(ravi.phone)).toBe(true);
    // Neither a number that is no employee's nor an inactive approver could decide anything.
    expect(listsDecisions("+919800000099")).toBe(false);
    deactivate(ravi);
    expect(listsDecisions(ravi.phone)).toBe(false);
  });

  it("stops listing them for an assigned approver once their request is decided, withdrawn or reassigned", () => {
    say(meera.phone, `APPROVE ${request.id}`);
    expect(listsDecisions(meera.phone)).toBe(false);
    const second = insertApproval(t.db, { reference: "TRD-2", title: "Pre-clearance: 10 TCS", requester: "Asha", approverId: meera.id }, now);
    expect(listsDecisions(meera.phone)).toBe(true);
    withdrawApprovalRequest(t.db, admin, { id: second.id, reason: "Trade cancelled" }, now);
    expect(listsDecisions(meera.phone)).toBe(false);
    const third = insertApproval(t.db, { reference: "TRD-3", title: "Pre-clearance: 5 HDFC", requester: "Asha", approverId: meera.id }, now);
    reassignApprovalRequest(t.db, admin, { id: third.id, approverId: ravi.id }, now);
    expect([listsDecisions(meera.phone), listsDecisions(ravi.phone)]).toEqual([false, true]);
  });
});

describe("Reassign", () => {
  it("unsticks a request whose approver was deactivated: the new approver is notified and decides", () => {
    notifyApprover(t.db, admin, { id: request.id, confirmedRound: null, from: FROM }, now);
    deactivate(meera);
    const later = new Date(now.getTime() + 5 * MINUTE);
    const reassigned = reassignApprovalRequest(t.db, admin, { id: request.id, approverId: ravi.id }, later);
    expect(reassigned).toMatchObject({ approver: { id: ravi.id }, previous: { id: meera.id } });
    // The last notice went to Meera: Ravi's first one needs no confirmation.
    expect(findApproval(t.db, request.id)).toMatchObject({ approverId: ravi.id, status: "pending", lastNotifiedAt: null, lastNotifiedByUserId: null });
    expect(recentAudit(t.db, 1)[0]).toMatchObject({
      action: "approvals.reassign",
      actorLabel: "priya@example.com",
      target: `approval ${request.id} TRD-1`,
      before: { approverId: meera.id, approver: "Meera" },
      after: { approverId: ravi.id, approver: "Ravi" },
    });
    expect(notifyApprover(t.db, admin, { id: request.id, confirmedRound: null, from: FROM }, later)).toMatchObject({ ok: true, approver: { id: ravi.id } });
    expect(outbound().at(-1)).toEqual({ to: `whatsapp:${ravi.phone}`, status: "queued" });
    expect(say(ravi.phone, `APPROVE ${request.id}`, later)).toBe(`Approved request ${request.id}: Pre-clearance: 500 INFY. Thank you, Ravi.`);
  });

  it("refuses, naming the approver input, someone inactive, gone or already the approver; and a request no longer pending", () => {
    deactivate(asha);
    expect(reassignApprovalRequest(t.db, admin, { id: request.id, approverId: asha.id }, now)).toEqual({ error: "Choose an active person as the approver.", field: "approverId" });
    expect(reassignApprovalRequest(t.db, admin, { id: request.id, approverId: 99_999 }, now)).toEqual({ error: "Choose an active person as the approver.", field: "approverId" });
    expect(reassignApprovalRequest(t.db, admin, { id: request.id, approverId: meera.id }, now)).toEqual({ error: "Meera is already the approver. Choose someone else.", field: "approverId" });
    expect(say(meera.phone, `APPROVE ${request.id}`)).toMatch(/^Approved/);
    expect(reassignApprovalRequest(t.db, admin, { id: request.id, approverId: ravi.id }, now)).toEqual({ error: `Request ${request.id} is already approved.` });
    expect(reassignApprovalRequest(t.db, admin, { id: 99_999, approverId: ravi.id }, now)).toEqual({ error: "That request no longer exists." });
    expect(findApproval(t.db, request.id)?.approverId).toBe(meera.id);
    expect(recentAudit(t.db, 10).filter((entry) => entry.action === "approvals.reassign")).toEqual([]);
  });
});

describe("Withdraw", () => {
  it("ends a pending request as withdrawn, audit-logged with the reason, and tells a later APPROVE or REJECT so", () => {
    const withdrawn = withdrawApprovalRequest(t.db, admin, { id: request.id, reason: "Trade cancelled by the requester" }, now);
    expect(withdrawn).toMatchObject({ request: { status: "withdrawn" } });
    expect(findApproval(t.db, request.id)).toMatchObject({ status: "withdrawn", withdrawnAt: now, withdrawnByUserId: admin.id, withdrawnReason: "Trade cancelled by the requester", decidedAt: null });
    expect(listApprovals(t.db, { limit: 1 })[0]).toMatchObject({ status: "withdrawn", withdrawnBy: { name: "Priya" } });
    expect(recentAudit(t.db, 1)[0]).toMatchObject({
      action: "approvals.withdraw",
      target: `approval ${request.id} TRD-1`,
      before: { status: "pending" },
      after: { status: "withdrawn", reason: "Trade cancelled by the requester" },
    });

    const nextDay = new Date(now.getTime() + 24 * 60 * MINUTE);
    const answer = `Request ${request.id} was withdrawn on 25 Nov 2026, so there is nothing to decide.`;
    expect(say(meera.phone, `APPROVE ${request.id}`, nextDay)).toBe(answer);
    expect(say(meera.phone, `REJECT ${request.id} too late`, nextDay)).toBe(answer);
    expect(findApproval(t.db, request.id)).toMatchObject({ status: "withdrawn", decidedByEmployeeId: null, decisionMessageSid: null });
  });

  it("refuses a request already decided or withdrawn", () => {
    say(meera.phone, `REJECT ${request.id} outside the window`);
    expect(withdrawApprovalRequest(t.db, admin, { id: request.id, reason: "Cancelled" }, now)).toEqual({ error: `Request ${request.id} is already rejected.` });
    const other = insertApproval(t.db, { reference: "TRD-3", title: "Gift", requester: "Asha", approverId: meera.id }, now);
    withdrawApprovalRequest(t.db, admin, { id: other.id, reason: "Cancelled" }, now);
    expect(withdrawApprovalRequest(t.db, admin, { id: other.id, reason: "Again" }, now)).toEqual({ error: `Request ${other.id} is already withdrawn.` });
    expect(findApproval(t.db, request.id)?.status).toBe("rejected");
  });

  it("needs a reason with words in it", () => {
    for (const reason of ["", "   ", "...", " - "]) {
      const parsed = withdrawInput.safeParse({ id: String(request.id), reason });
      expect(parsed.success, JSON.stringify(reason)).toBe(false);
      expect(parsed.error?.issues[0]).toMatchObject({ path: ["reason"], message: "Say why the request is withdrawn" });
    }
    expect(withdrawInput.parse({ id: String(request.id), reason: "  Cancelled.  " })).toEqual({ id: request.id, reason: "Cancelled." });
  });
});

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

describe("the Reassign and Withdraw forms' request id", () => {
  it("reads a tampered id as a request that is not there", () => {
    for (const id of ["", "abc", "-1", "2.5"]) {
      expect(reassignInput.safeParse({ id, approverId: "1" }).error?.issues[0]?.message, id).toBe("That request no longer exists.");
      expect(withdrawInput.safeParse({ id, reason: "Cancelled" }).error?.issues[0]?.message, id).toBe("That request no longer exists.");
    }
  });
});
