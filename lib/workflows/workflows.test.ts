import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findApproval, insertApproval } from "@/db/queries/approvals";
import { insertCampaign, insertRecipient } from "@/db/queries/campaigns";
import { insertCertificate, insertDeclaration, insertEmployee } from "@/db/queries/employees";
import { insertMessage } from "@/db/queries/messages";
import { recentAudit } from "@/db/queries/audit";
import type { Employee } from "@/db/schema";
import { tempDb, type TempDb } from "@/tests/support/db";
import { inboundParams, messageSid } from "@/tests/support/twilio-fixtures";
import { DEFAULT_REPLIES, type Replies } from "@/lib/commands/replies";
import { readInbound } from "@/lib/twilio/inbound";
import { receiveMessage } from "@/lib/webhooks/incoming";
import { approvalNotice, createApprovalRequest } from "./approvals";
import { MAX_ANSWER, summarise } from "./records";

let t: TempDb;
let asha: Employee;
let ravi: Employee;
let meera: Employee;
const now = new Date("2026-11-25T10:00:00Z");
const config = { settings: { incomingEnabled: true, dailyLimit: 500, cooldownSeconds: 0, replies: { ...DEFAULT_REPLIES } }, rules: [] };

function say(phone: string, body: string, sid = messageSid(), replies: Replies = config.settings.replies) {
  const settings = { ...config.settings, replies };
  return receiveMessage(t.db, readInbound(inboundParams({ MessageSid: sid, Body: body, From: `whatsapp:${phone}` })), { ...config, settings }, now).reply?.body ?? null;
}

beforeEach(() => {
  t = tempDb();
  const person = (name: string, code: string, phone: string, approver = false) =>
    insertEmployee(t.db, { name, employeeCode: code, phone, department: "Equity", managerId: null, approver, active: true }, now);
  asha = person("Asha", "E1", "+919800000001");
  ravi = person("Ravi", "E2", "+919800000002", true);
  meera = person("Meera", "E3", "+919800000003");
});
afterEach(() => t.close());

describe("answers from compliance records", () => {
  it("tells an unknown number to contact HR", () => {
    for (const command of ["STATUS", "PENDING", "NISM", "ACK", "APPROVE 1"]) expect(say("+14155550000", command)).toBe("Phone number not registered. Please contact HR.");
  });

  it("STATUS: up to date, or what needs attention", () => {
    expect(say(asha.phone, "status")).toBe("Hi Asha, all your compliance requirements are up to date!");
    insertDeclaration(t.db, { employeeId: asha.id, type: "Investment declaration", period: "Q3 2026", status: "pending", dueOn: "2026-12-01", submittedOn: null }, now);
    insertDeclaration(t.db, { employeeId: asha.id, type: "Holding statement", period: "FY26", status: "pending", dueOn: "2026-12-15", submittedOn: null }, now);
    insertDeclaration(t.db, { employeeId: asha.id, type: "Old form", period: "", status: "submitted", dueOn: "2026-01-01", submittedOn: "2026-01-01" }, now);
    insertCertificate(t.db, { employeeId: asha.id, name: "NISM Series VIII", number: "N-8", issuedOn: "2023-12-07", expiresOn: "2026-12-07" }, now);
    insertCertificate(t.db, { employeeId: asha.id, name: "NISM Series VA", number: "", issuedOn: null, expiresOn: "2028-01-01" }, now);
    expect(say(asha.phone, "STATUS")).toBe("Hi Asha, your compliance status:\n• 2 pending declarations\n• NISM Series VIII expires in 12 days\nReply PENDING for the details.");
  });

  it("PENDING lists open items earliest first, overdue ones flagged", () => {
    expect(say(asha.phone, "PENDING")).toBe("You have no pending items. All your declarations are submitted.");
    insertDeclaration(t.db, { employeeId: asha.id, type: "Holding statement", period: "FY26", status: "pending", dueOn: "2026-12-15", submittedOn: null }, now);
    insertDeclaration(t.db, { employeeId: asha.id, type: "Investment declaration", period: "Q2 2026", status: "overdue", dueOn: "2026-11-01", submittedOn: null }, now);
    expect(say(asha.phone, "pending")).toBe("You have 2 pending items:\n• Investment declaration (Q2 2026) – overdue since 1 Nov 2026\n• Holding statement (FY26) – due 15 Dec 2026");
  });

  it("NISM lists certificates with expiry dates", () => {
    expect(say(meera.phone, "NISM")).toMatch(/^No NISM certificates are on record/);
    insertCertificate(t.db, { employeeId: meera.id, name: "NISM Series VIII", number: "N-1", issuedOn: null, expiresOn: "2026-11-20" }, now);
    insertCertificate(t.db, { employeeId: meera.id, name: "NISM Series XV", number: "", issuedOn: null, expiresOn: "2029-05-01" }, now);
    expect(say(meera.phone, "nism")).toBe("Your certificates:\n• NISM Series VIII (N-1) – expires 20 Nov 2026, EXPIRED\n• NISM Series XV – expires 1 May 2029, valid");
  });

  it("keeps long answers under WhatsApp's limits by summarising", () => {
    const text = summarise("Header", Array.from({ length: 40 }, (_, i) => `• Item ${i} ${"x".repeat(200)}`));
    expect(text.length).toBeLessThanOrEqual(MAX_ANSWER);
    expect(text).toMatch(/…and \d+ more$/);
  });
});

describe("answers from records with the admin's wording", () => {
  const edited: Replies = {
    ...DEFAULT_REPLIES,
    statusClear: "All clear, {name}.",
    statusHeader: "{name}, please look at:",
    pendingNone: "Nothing due, {name}.",
    certificatesNone: "{name}, we hold no certificates for you.",
    ackCampaign: "Got it, {name}: {reminder}.",
    ackNone: "{name}, nothing to acknowledge.",
    approved: "#{id} {title} ({reference}) approved by {name}.",
    rejected: "#{id} {title} ({reference}) rejected by {name}: {reason}",
  };
  const sayEdited = (phone: string, body: string) => say(phone, body, messageSid(), edited);

  it("fill each text's placeholders, keeping the generated lines", () => {
    expect(sayEdited(asha.phone, "STATUS")).toBe("All clear, Asha.");
    expect(sayEdited(asha.phone, "PENDING")).toBe("Nothing due, Asha.");
    expect(sayEdited(asha.phone, "NISM")).toBe("Asha, we hold no certificates for you.");
    expect(sayEdited(asha.phone, "ACK")).toBe("Asha, nothing to acknowledge.");
    insertDeclaration(t.db, { employeeId: asha.id, type: "Holding statement", period: "FY26", status: "pending", dueOn: "2026-12-15", submittedOn: null }, now);
    insertCertificate(t.db, { employeeId: asha.id, name: "NISM Series VIII", number: "", issuedOn: null, expiresOn: "2026-11-28" }, now);
    expect(sayEdited(asha.phone, "STATUS")).toBe("Asha, please look at:\n• 1 pending declaration\n• NISM Series VIII expires in 3 days\nReply PENDING for the details.");

    const campaign = insertCampaign(t.db, { name: "Q3 declaration", body: "x", contentSid: null, audience: {}, createdByUserId: null }, now);
    insertRecipient(t.db, { campaignId: campaign.id, employeeId: asha.id, messageId: null, skipped: null }, now);
    expect(sayEdited(asha.phone, "ACK")).toBe("Got it, Asha: Q3 declaration.");

    const first = insertApproval(t.db, { reference: "TRD-1", title: "Gift register", requester: "Asha", approverId: meera.id }, now);
    const second = insertApproval(t.db, { reference: "TRD-2", title: "Pre-clearance", requester: "Asha", approverId: meera.id }, now);
    expect(sayEdited(meera.phone, `APPROVE ${first.id}`)).toBe(`#${first.id} Gift register (TRD-1) approved by Meera.`);
    expect(sayEdited(meera.phone, `REJECT ${second.id} outside the window`)).toBe(`#${second.id} Pre-clearance (TRD-2) rejected by Meera: outside the window`);
  });

  it("show names, titles and reasons that read like placeholders or replacement patterns as typed", () => {
    const odd = insertEmployee(t.db, { name: "{name} $& $'", employeeCode: "E9", phone: "+919800000009", department: "", managerId: null, approver: true, active: true }, now);
    expect(sayEdited(odd.phone, "STATUS")).toBe("All clear, {name} $& $'.");
    expect(sayEdited(odd.phone, "PENDING")).toBe("Nothing due, {name} $& $'.");
    const campaign = insertCampaign(t.db, { name: "{reminder} {name} $&", body: "x", contentSid: null, audience: {}, createdByUserId: null }, now);
    insertRecipient(t.db, { campaignId: campaign.id, employeeId: odd.id, messageId: null, skipped: null }, now);
    expect(sayEdited(odd.phone, "ACK")).toBe("Got it, {name} $& $': {reminder} {name} $&.");
    const request = insertApproval(t.db, { reference: "$1", title: "{reason} $`", requester: "Asha", approverId: odd.id }, now);
    expect(sayEdited(odd.phone, `REJECT ${request.id} {id} $& {title}`)).toBe(`#${request.id} {reason} $\` ($1) rejected by {name} $& $': {id} $& {title}`);
  });

  it("leave a long edited first line room for the items and the footer", () => {
    insertDeclaration(t.db, { employeeId: asha.id, type: "Holding statement", period: "FY26", status: "pending", dueOn: "2026-12-15", submittedOn: null }, now);
    const answer = say(asha.phone, "STATUS", messageSid(), { ...DEFAULT_REPLIES, statusHeader: `{name} ${"x".repeat(1590)}` }) ?? "";
    expect(answer.length).toBeLessThanOrEqual(MAX_ANSWER);
    expect(answer).toMatch(/^Asha x+\n…and 1 more\nReply PENDING for the details\.$/);
  });
});

describe("approvals by WhatsApp", () => {
  it("approves for the assigned approver once, audit-logged with the MessageSid", () => {
    const request = insertApproval(t.db, { reference: "TRD-7", title: "Pre-clearance: 500 INFY", requester: "Asha", approverId: meera.id }, now);
    const sid = messageSid();
    expect(say(meera.phone, `approve ${request.id}`, sid)).toBe(`Approved request ${request.id}: Pre-clearance: 500 INFY. Thank you, Meera.`);
    expect(findApproval(t.db, request.id)).toMatchObject({ status: "approved", decidedByEmployeeId: meera.id, decidedVia: "whatsapp", decisionMessageSid: sid });
    const [entry] = recentAudit(t.db, 1);
    expect(entry).toMatchObject({ action: "approvals.approve", after: { status: "approved", messageSid: sid } });

    // The same message again (a Twilio retry) gets the same answer and decides nothing new.
    expect(say(meera.phone, `approve ${request.id}`, sid)).toBe(`Approved request ${request.id}: Pre-clearance: 500 INFY. Thank you, Meera.`);
    expect(recentAudit(t.db, 5).filter((row) => row.action.startsWith("approvals."))).toHaveLength(1);
    // A new message about a decided request is refused.
    expect(say(meera.phone, `REJECT ${request.id} changed my mind`)).toBe(`Request ${request.id} was already approved by Meera on 25 Nov 2026.`);
  });

  it("refuses the wrong approver, unknown ids, a missing number or reason", () => {
    const request = insertApproval(t.db, { reference: "TRD-8", title: "Pre-clearance", requester: "Ravi", approverId: meera.id }, now);
    expect(say(asha.phone, `APPROVE ${request.id}`)).toBe(`You are not the approver for request ${request.id}, so it was not changed.`);
    expect(say(meera.phone, "APPROVE 99999")).toBe("There is no approval request 99999. Please check the number.");
    expect(say(meera.phone, "APPROVE")).toBe("Please include the request number, e.g. APPROVE 42.");
    expect(say(meera.phone, `REJECT ${request.id}`)).toBe(`Please add a reason: REJECT ${request.id} <reason>.`);
    expect(findApproval(t.db, request.id)?.status).toBe("pending");
    // An employee flagged as approver may act on it.
    expect(say(ravi.phone, `reject #${request.id} Outside the trading window`)).toBe(`Rejected request ${request.id}: Pre-clearance. Reason noted: Outside the trading window`);
    expect(findApproval(t.db, request.id)).toMatchObject({ status: "rejected", reason: "Outside the trading window", decidedByEmployeeId: ravi.id });
  });
});

describe("approval requests from the dashboard", () => {
  const admin = { id: null, label: "admin@example.com" };
  const input = (approverId: number) => ({ reference: "TRD-10", title: "Pre-clearance", requester: "Asha", approverId });

  it("are created pending for an active person, audit-logged", () => {
    const created = createApprovalRequest(t.db, admin, input(meera.id), now);
    if ("error" in created) throw new Error(created.error);
    expect(created.approver.id).toBe(meera.id);
    expect(findApproval(t.db, created.request.id)).toMatchObject({ status: "pending", approverId: meera.id, reference: "TRD-10" });
    expect(recentAudit(t.db, 1)[0]).toMatchObject({ action: "approvals.create", target: `approval ${created.request.id} TRD-10` });
  });

  it("are refused, naming the approver input, for someone deactivated or gone", () => {
    t.db.$client.prepare("update employees set active = 0 where id = ?").run(meera.id);
    const refusal = { error: "Choose an active person as the approver.", field: "approverId" };
    expect(createApprovalRequest(t.db, admin, input(meera.id), now)).toEqual(refusal);
    expect(createApprovalRequest(t.db, admin, input(99_999), now)).toEqual(refusal);
    expect(t.db.$client.prepare("select count(*) as n from approval_requests").get()).toEqual({ n: 0 });
  });
});

describe("a sender who opted out", () => {
  it("can still decide an approval and ACK, with no answer sent; anything else is neither run nor answered", () => {
    const request = insertApproval(t.db, { reference: "TRD-9", title: "Gift register", requester: "Asha", approverId: meera.id }, now);
    expect(say(meera.phone, "STOP")).toBe(DEFAULT_REPLIES.stop);
    const sid = messageSid();
    expect(say(meera.phone, `APPROVE ${request.id}`, sid)).toBeNull();
    expect(findApproval(t.db, request.id)).toMatchObject({ status: "approved", decidedByEmployeeId: meera.id, decisionMessageSid: sid });
    const stored = t.db.$client.prepare("select flag, command from messages where message_sid = ?").get(sid);
    expect(stored).toEqual({ flag: "opted_out", command: "APPROVE" });

    const campaign = insertCampaign(t.db, { name: "Policy", body: "x", contentSid: null, audience: {}, createdByUserId: null }, now);
    insertRecipient(t.db, { campaignId: campaign.id, employeeId: meera.id, messageId: null, skipped: null }, now);
    expect(say(meera.phone, "ACK")).toBeNull();
    expect(t.db.$client.prepare("select acknowledged_at is not null as done from campaign_recipients where campaign_id = ?").get(campaign.id)).toEqual({ done: 1 });
    expect(say(meera.phone, "STATUS")).toBeNull();
    expect(say(meera.phone, "START")).toBe(DEFAULT_REPLIES.start);
  });
});

describe("ACK", () => {
  it("acknowledges the latest open reminder, once", () => {
    expect(say(asha.phone, "ACK")).toBe("Thank you, Asha. There is no reminder waiting for your acknowledgement.");
    const older = insertCampaign(t.db, { name: "Q3 declaration", body: "x", contentSid: null, audience: {}, createdByUserId: null }, new Date(now.getTime() - 1000));
    const newer = insertCampaign(t.db, { name: "NISM renewal", body: "y", contentSid: null, audience: {}, createdByUserId: null }, now);
    insertRecipient(t.db, { campaignId: older.id, employeeId: asha.id, messageId: null, skipped: null }, new Date(now.getTime() - 1000));
    insertRecipient(t.db, { campaignId: newer.id, employeeId: asha.id, messageId: null, skipped: null }, now);
    expect(say(asha.phone, "ack")).toBe("Thank you, Asha. Your acknowledgement of “NISM renewal” is recorded.");
    expect(say(asha.phone, "Ack.")).toBe("Thank you, Asha. Your acknowledgement of “Q3 declaration” is recorded.");
    expect(say(asha.phone, "ACK")).toBe("Thank you, Asha. There is no reminder waiting for your acknowledgement.");
  });

  it("skips a reminder that never reached the person (refused, failed or undelivered)", () => {
    const remind = (name: string, status: string, at: Date) => {
      const campaign = insertCampaign(t.db, { name, body: "x", contentSid: null, audience: {}, createdByUserId: null }, at);
      const message = insertMessage(t.db, { direction: "outbound", fromAddress: "whatsapp:+14155238886", toAddress: `whatsapp:${asha.phone}`, body: "x", status, updatedAt: at });
      return insertRecipient(t.db, { campaignId: campaign.id, employeeId: asha.id, messageId: message.id, skipped: null }, at);
    };
    const received = remind("Q4 declaration", "read", new Date(now.getTime() - 60_000));
    for (const status of ["refused", "failed", "undelivered"]) remind(`Never sent (${status})`, status, now);
    expect(say(asha.phone, "ACK")).toBe("Thank you, Asha. Your acknowledgement of “Q4 declaration” is recorded.");
    expect(t.db.$client.prepare("select id from campaign_recipients where acknowledged_at is not null").all()).toEqual([{ id: received.id }]);
    expect(say(asha.phone, "ACK")).toBe("Thank you, Asha. There is no reminder waiting for your acknowledgement.");
  });
});

describe("approvalNotice", () => {
  const request = { id: 42, title: "Pre-clearance: buy 500 INFY", reference: "PRE-41", requester: "Meera" };
  const template = `HX${"ab".repeat(16)}`;
  const wroteAt = (hoursAgo: number) => ({ lastInboundAt: new Date(now.getTime() - hoursAgo * 3_600_000) });

  it("sends the full text while the approver's 24-hour window is open, template or not", () => {
    const text = { kind: "text", body: "Approval needed: request 42, Pre-clearance: buy 500 INFY (PRE-41), asked by Meera. Reply APPROVE 42 or REJECT 42 <reason>." };
    expect(approvalNotice(request, wroteAt(2), template, now)).toEqual(text);
    expect(approvalNotice(request, wroteAt(2), "", now)).toEqual(text);
  });

  it("uses the approval template outside the window (or with no conversation yet), when one is set", () => {
    const expected = { kind: "template", contentSid: template, variables: { 1: "42", 2: "Pre-clearance: buy 500 INFY", 3: "PRE-41", 4: "Meera" } };
    expect(approvalNotice(request, wroteAt(25), template, now)).toEqual(expected);
    expect(approvalNotice(request, undefined, template, now)).toEqual(expected);
    // No template: the text, which the queue refuses with the reason.
    expect(approvalNotice(request, wroteAt(25), "", now).kind).toBe("text");
  });
});
