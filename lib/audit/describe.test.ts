import { describe, expect, it } from "vitest";
import { describeAudit, describeValue, employeeIdsOf, fieldLabel, type AuditDescription, type AuditField, type DescribableEntry } from "./describe";

function entry(action: string, target: string | null, before: unknown = null, after: unknown = null): DescribableEntry {
  return { action, target, before, after };
}

/** A field as one line, the way the list reads it. */
function line(field: AuditField): string {
  const text = (value: AuditField["before"]) => (value ? ("text" in value ? value.text : `${value.summary} [full]`) : "");
  if (field.before && field.after) return `${field.label}: ${text(field.before)} → ${text(field.after)}`;
  return `${field.label}: ${text(field.before ?? field.after)}`;
}

function read(description: AuditDescription): { subject: string | null; lines: string[] } {
  return { subject: description.subject, lines: description.fields.map(line) };
}

const names = { employees: new Map([[4, "Lata Rao"], [7, "Arjun Mehta"]]) };

describe("field labels", () => {
  it("turns camelCase into words, keeping acronyms exact", () => {
    expect(fieldLabel("webhookTokenRotatedAt")).toBe("Webhook token rotated at");
    expect(fieldLabel("csvSha256")).toBe("CSV SHA-256");
    expect(fieldLabel("expiryTemplateSid")).toBe("Expiry template SID");
    expect(fieldLabel("ipAllowList")).toBe("IP allow list");
    expect(fieldLabel("blocked")).toBe("Blocked");
    expect(fieldLabel("messageSid")).toBe("MessageSid");
    expect(fieldLabel("approverId")).toBe("Approver");
  });
});

describe("values", () => {
  it("shows times as exact UTC and keeps the ISO form", () => {
    expect(describeValue("webhookTokenRotatedAt", 1795696250364)).toEqual({ text: "2026-11-26 12:30:50 UTC", dateTime: "2026-11-26T12:30:50.364Z" });
    expect(describeValue("webhookTokenRotatedAt", 0)).toEqual({ text: "never" });
    expect(describeValue("messagesBefore", "2019-11-28T12:28:36.065Z")).toEqual({ text: "2019-11-28 12:28:36 UTC", dateTime: "2019-11-28T12:28:36.065Z" });
    // A number that is not a time stays a number.
    expect(describeValue("retentionDays", 2555)).toEqual({ text: "2555" });
  });

  it("says none, yes and no instead of null and booleans", () => {
    expect(describeValue("reason", null)).toEqual({ text: "none" });
    expect(describeValue("expiryTemplateSid", "")).toEqual({ text: "none" });
    expect(describeValue("blocked", true)).toEqual({ text: "yes" });
    expect(describeValue("blocked", false)).toEqual({ text: "no" });
    expect(describeValue("ipAllowList", [])).toEqual({ text: "none" });
  });

  it("lists short arrays inline and summarises long or structured ones with the full value", () => {
    expect(describeValue("expiryLeadDays", [30, 7, 1])).toEqual({ text: "30, 7, 1" });
    const templates = [{ name: "Expiry", contentSid: `HX${"a".repeat(32)}`, variables: ["name"] }];
    expect(describeValue("templates", templates)).toEqual({ summary: "1 entry", full: JSON.stringify(templates, null, 2) });
    const big = { a: 1, b: 2, c: 3, d: 4, e: 5 };
    expect(describeValue("thing", big)).toEqual({ summary: "5 fields", full: JSON.stringify(big, null, 2) });
    expect(describeValue("thing", { a: 1, b: "two" })).toEqual({ text: "A: 1, B: two" });
  });

  it("describes a campaign's audience and a period in words", () => {
    expect(describeValue("audience", { kind: "department", department: "Compliance" })).toEqual({ text: "everyone active in Compliance" });
    expect(describeValue("audience", { kind: "expiring", days: 30 })).toEqual({ text: "holders of certificates expiring within 30 days" });
    expect(describeValue("audience", { kind: "everyone" })).toEqual({ text: "everyone active" });
    expect(describeValue("audience", { kind: "expired" })).toEqual({ text: "holders of expired certificates" });
    expect(describeValue("audience", { kind: "pending" })).toEqual({ text: "people with pending declarations" });
    expect(describeValue("period", { from: "2026-01-01", to: "2026-01-31" })).toEqual({ text: "2026-01-01 – 2026-01-31" });
  });

  it("names a person by id from the names the page resolved, or by id alone", () => {
    expect(describeValue("approverId", 4, names)).toEqual({ text: "Lata Rao (employee 4)" });
    expect(describeValue("approverId", 9, names)).toEqual({ text: "employee 9" });
  });
});

describe("every audit action names its subject and reads its details", () => {
  it("sign-in and sign-out: the account", () => {
    expect(read(describeAudit(entry("auth.sign_in", "admin@example.com")))).toEqual({ subject: "admin@example.com", lines: [] });
    expect(read(describeAudit(entry("auth.sign_out", "admin@example.com")))).toEqual({ subject: "admin@example.com", lines: [] });
  });

  it("users: the account changed", () => {
    expect(read(describeAudit(entry("user.deactivate", "staff2@example.com", { active: true }, { active: false })))).toEqual({ subject: "staff2@example.com", lines: ["Active: yes → no"] });
    expect(read(describeAudit(entry("user.reactivate", "staff2@example.com", { active: false }, { active: true })))).toEqual({ subject: "staff2@example.com", lines: ["Active: no → yes"] });
    expect(read(describeAudit(entry("user.role_change", "staff2@example.com", { role: "staff" }, { role: "admin" })))).toEqual({ subject: "staff2@example.com", lines: ["Role: staff → admin"] });
    expect(read(describeAudit(entry("user.create", "new@example.com", null, { email: "new@example.com", name: "New", role: "staff" })))).toEqual({
      subject: "new@example.com",
      lines: ["Email: new@example.com", "Name: New", "Role: staff"],
    });
    expect(read(describeAudit(entry("user.password_reset", "staff2@example.com")))).toEqual({ subject: "staff2@example.com", lines: [] });
    expect(read(describeAudit(entry("user.password_change", "staff2@example.com")))).toEqual({ subject: "staff2@example.com", lines: [] });
  });

  it("block list and inbox: the number", () => {
    expect(read(describeAudit(entry("contacts.block", "+919800000002", { blocked: false }, { blocked: true })))).toEqual({ subject: "+919800000002", lines: ["Blocked: no → yes"] });
    expect(read(describeAudit(entry("contacts.unblock", "+919800000002", { blocked: true }, { blocked: false })))).toEqual({ subject: "+919800000002", lines: ["Blocked: yes → no"] });
    expect(read(describeAudit(entry("inbox.handled", "+919800000002", null, { messages: 3 })))).toEqual({ subject: "+919800000002", lines: ["Messages: 3"] });
    expect(read(describeAudit(entry("inbox.reopened", "+919800000002", null, { messages: 1 })))).toEqual({ subject: "+919800000002", lines: ["Messages: 1"] });
    expect(read(describeAudit(entry("inbox.export", "(all messages)", null, {})))).toEqual({ subject: "Messages: all", lines: [] });
    expect(read(describeAudit(entry("inbox.export", "q=holding", null, { q: "holding" })))).toEqual({ subject: "Messages: q=holding", lines: ["Q: holding"] });
  });

  it("settings: the settings changed, in words, secrets never shown", () => {
    expect(read(describeAudit(entry("settings.incoming_enabled", "incomingEnabled", { incomingEnabled: false }, { incomingEnabled: true })))).toEqual({
      subject: "Incoming enabled",
      lines: ["Incoming enabled: no → yes"],
    });
    const rotated = describeAudit(
      entry(
        "settings.webhook_token_regenerated",
        "webhookToken, previousWebhookToken, webhookTokenRotatedAt",
        { webhookToken: "(set)", previousWebhookToken: "(empty)", webhookTokenRotatedAt: 0 },
        { webhookToken: "(set)", previousWebhookToken: "(set)", webhookTokenRotatedAt: 1795696250364 },
      ),
    );
    expect(read(rotated)).toEqual({
      subject: "Webhook token, Previous webhook token, Webhook token rotated at",
      lines: ["Webhook token: replaced (not shown)", "Previous webhook token: (empty) → (set)", "Webhook token rotated at: never → 2026-11-26 12:30:50 UTC"],
    });
    expect(read(describeAudit(entry("settings.limits_update", "dailyLimit", { dailyLimit: 50 }, { dailyLimit: 80 })))).toEqual({ subject: "Daily limit", lines: ["Daily limit: 50 → 80"] });
    expect(read(describeAudit(entry("settings.replies_update", "replies", { replies: { help: "Old help", stop: "Bye" } }, { replies: { help: "New help", stop: "Bye" } })))).toEqual({
      subject: "Replies",
      lines: ["Replies: help: Old help → New help"],
    });
    const template = { name: "Expiry", contentSid: `HX${"b".repeat(32)}`, variables: ["name", "date"] };
    expect(read(describeAudit(entry("settings.template_add", "templates", { templates: [] }, { templates: [template] })))).toEqual({ subject: "Templates", lines: ["Templates: none → 1 entry [full]"] });
    expect(read(describeAudit(entry("settings.ip_allow_list_update", "ipAllowList", { ipAllowList: [] }, { ipAllowList: ["10.0.0.0/8"] })))).toEqual({ subject: "IP allow list", lines: ["IP allow list: none → 10.0.0.0/8"] });
    expect(read(describeAudit(entry("settings.reminders_update", "expiryTemplateSid", { expiryTemplateSid: "" }, { expiryTemplateSid: `HX${"c".repeat(32)}` })))).toEqual({
      subject: "Expiry template SID",
      lines: [`Expiry template SID: none → HX${"c".repeat(32)}`],
    });
    expect(read(describeAudit(entry("settings.retention_update", "retentionDays", { retentionDays: 2555 }, { retentionDays: 3000 })))).toEqual({ subject: "Retention days", lines: ["Retention days: 2555 → 3000"] });
    expect(read(describeAudit(entry("settings.twilio_origin_seen", "twilioReachesUsAt", { twilioReachesUsAt: "" }, { twilioReachesUsAt: "https://sb.example.com" })))).toEqual({
      subject: "Twilio reaches us at",
      lines: ["Twilio reaches us at: none → https://sb.example.com"],
    });
  });

  it("keyword rules: the keyword", () => {
    const rule = { keyword: "HELP", match: "exact", reply: "Call us", priority: 0, enabled: true };
    expect(read(describeAudit(entry("rules.create", "HELP", null, rule)))).toEqual({ subject: "Keyword rule HELP", lines: ["Keyword: HELP", "Match: exact", "Reply: Call us", "Priority: 0", "Enabled: yes"] });
    expect(read(describeAudit(entry("rules.update", "HELP", rule, { ...rule, reply: "Write to us" })))).toEqual({ subject: "Keyword rule HELP", lines: ["Reply: Call us → Write to us"] });
    expect(read(describeAudit(entry("rules.delete", "HELP", { keyword: "HELP", match: "exact", reply: "Call us" })))).toEqual({ subject: "Keyword rule HELP", lines: ["Keyword: HELP", "Match: exact", "Reply: Call us"] });
  });

  it("people: the person by name and code, records by their owner, imports and exports by what they covered", () => {
    const values = { employeeCode: "E042", name: "Arjun Mehta", phone: "+919800000042", department: "Ops", managerId: 4, active: true };
    expect(read(describeAudit(entry("people.create", "E042", null, values), names))).toEqual({
      subject: "Arjun Mehta (E042)",
      lines: ["Employee code: E042", "Name: Arjun Mehta", "Phone: +919800000042", "Department: Ops", "Manager: Lata Rao (employee 4)", "Active: yes"],
    });
    const stored = { id: 7, ...values, createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-02T00:00:00.000Z" };
    expect(read(describeAudit(entry("people.update", "E042", stored, { ...values, department: "Compliance" }), names))).toEqual({ subject: "Arjun Mehta (E042)", lines: ["Department: Ops → Compliance"] });
    expect(read(describeAudit(entry("people.import", null, null, { imported: 12 })))).toEqual({ subject: "People (CSV import)", lines: ["Imported: 12"] });
    expect(read(describeAudit(entry("people.import_certificates", null, null, { imported: 3 })))).toEqual({ subject: "Certificates (CSV import)", lines: ["Imported: 3"] });
    expect(read(describeAudit(entry("people.import_declarations", null, null, { imported: 2 })))).toEqual({ subject: "Declarations (CSV import)", lines: ["Imported: 2"] });
    expect(read(describeAudit(entry("people.certificate_add", "employee 7", null, { employeeId: 7, name: "NISM VIII", number: "", issuedOn: "", expiresOn: "2027-01-01" }), names))).toEqual({
      subject: "Arjun Mehta (employee 7)",
      lines: ["Employee: Arjun Mehta (employee 7)", "Name: NISM VIII", "Expires on: 2027-01-01"],
    });
    expect(read(describeAudit(entry("people.declaration_add", "employee 9", null, { employeeId: 9, type: "Annual", period: "FY26", status: "pending", dueOn: "2026-04-30" }), names)).subject).toBe("employee 9");
    expect(read(describeAudit(entry("people.certificate_update", "certificate 12", { name: "NISM VIII", expiresOn: "2027-01-01" }, { name: "NISM VIII", number: "", issuedOn: "", expiresOn: "2028-01-01" })))).toEqual({
      subject: "Certificate 12 (NISM VIII)",
      lines: ["Expires on: 2027-01-01 → 2028-01-01"],
    });
    expect(read(describeAudit(entry("people.declaration_update", "declaration 5", { status: "pending", dueOn: "2026-04-30" }, { type: "Annual", period: "FY26", status: "submitted", dueOn: "2026-04-30" })))).toEqual({
      subject: "Declaration 5 (Annual)",
      // What the edit carried that the entry kept no earlier value of: shown as it was saved.
      lines: ["Status: pending → submitted", "Type: Annual", "Period: FY26"],
    });
    expect(read(describeAudit(entry("people.declaration_submitted", "declaration 5")))).toEqual({ subject: "Declaration 5", lines: [] });
    const deleted = describeAudit(entry("people.certificate_delete", "certificate 12", { employeeId: 7, name: "NISM VIII", number: "N-1", issuedOn: null, expiresOn: "2027-01-01", reminders: [{ leadDays: 30, sentAt: "2026-12-02T09:00:00.000Z" }] }), names);
    expect(read(deleted)).toEqual({
      subject: "Certificate 12 (NISM VIII) of Arjun Mehta (employee 7)",
      lines: ["Employee: Arjun Mehta (employee 7)", "Name: NISM VIII", "Number: N-1", "Expires on: 2027-01-01", "Reminders: 1 entry [full]"],
    });
    expect(read(describeAudit(entry("people.declaration_delete", "declaration 5", { employeeId: 7, type: "Annual", period: "FY26", status: "pending", dueOn: "2026-04-30", submittedOn: null }), names)).subject).toBe(
      "Declaration 5 (Annual) of Arjun Mehta (employee 7)",
    );
    // Entries since they kept the holder: named as they were then, even on a page that cannot look them up.
    expect(read(describeAudit(entry("people.certificate_update", "certificate 12", { employeeId: 7, employee: "Arjun Mehta", name: "NISM VIII", expiresOn: "2027-01-01" }, { name: "NISM VIII", number: "", issuedOn: "", expiresOn: "2028-01-01" })))).toEqual({
      subject: "Certificate 12 (NISM VIII) of Arjun Mehta (employee 7)",
      lines: ["Expires on: 2027-01-01 → 2028-01-01"],
    });
    expect(read(describeAudit(entry("people.declaration_update", "declaration 5", { employeeId: 9, employee: "Meera Iyer", status: "pending", dueOn: "2026-04-30" }, { type: "Annual", period: "FY26", status: "submitted", dueOn: "2026-04-30" }), names))).toEqual({
      subject: "Declaration 5 (Annual) of Meera Iyer (employee 9)",
      lines: ["Status: pending → submitted", "Type: Annual", "Period: FY26"],
    });
    expect(read(describeAudit(entry("people.declaration_submitted", "declaration 5", { employeeId: 7, employee: "A. Mehta", type: "Annual", period: "FY26", status: "pending" }, { status: "submitted", submittedOn: "2026-11-25" }), names))).toEqual({
      subject: "Declaration 5 (Annual) of A. Mehta (employee 7)",
      lines: ["Status: pending → submitted", "Submitted on: 2026-11-25"],
    });
    expect(read(describeAudit(entry("people.declaration_delete", "declaration 5", { employeeId: 9, employee: "Meera Iyer", type: "Annual", period: "FY26", status: "pending", dueOn: "2026-04-30", submittedOn: null })))).toEqual({
      subject: "Declaration 5 (Annual) of Meera Iyer (employee 9)",
      lines: ["Employee: Meera Iyer (employee 9)", "Type: Annual", "Period: FY26", "Status: pending", "Due on: 2026-04-30"],
    });
    // Kept with an id whose name was gone by then: the page names it if it can.
    expect(read(describeAudit(entry("people.declaration_submitted", "declaration 5", { employeeId: 7, employee: null, type: "Annual", period: "FY26", status: "pending" }, { status: "submitted", submittedOn: "2026-11-25" }), names)).subject).toBe(
      "Declaration 5 (Annual) of Arjun Mehta (employee 7)",
    );
    expect(read(describeAudit(entry("people.export", "(everyone)", null, { rows: 40 })))).toEqual({ subject: "People list: everyone", lines: ["Rows: 40"] });
    expect(read(describeAudit(entry("people.export", "department=Ops", null, { department: "Ops", rows: 4 }))).subject).toBe("People list: department=Ops");
  });

  it("approvals: the request by number and reference, the approver by name", () => {
    expect(read(describeAudit(entry("approvals.create", "approval 41 PRE-2026-041", null, { reference: "PRE-2026-041", title: "Buy 500 INFY", requester: "Arjun", approverId: 4 }), names))).toEqual({
      subject: "Approval request 41 (PRE-2026-041)",
      lines: ["Reference: PRE-2026-041", "Title: Buy 500 INFY", "Requester: Arjun", "Approver: Lata Rao (employee 4)"],
    });
    const sid = `SM${"d".repeat(32)}`;
    expect(read(describeAudit(entry("approvals.approve", "approval 41 PRE-2026-041", { status: "pending" }, { status: "approved", messageSid: sid, reason: null })))).toEqual({
      subject: "Approval request 41 (PRE-2026-041)",
      lines: ["Status: pending → approved", `MessageSid: ${sid}`],
    });
    expect(read(describeAudit(entry("approvals.reject", "approval 41 PRE-2026-041", { status: "pending" }, { status: "rejected", messageSid: sid, reason: "over the limit" })))).toEqual({
      subject: "Approval request 41 (PRE-2026-041)",
      lines: ["Status: pending → rejected", `MessageSid: ${sid}`, "Reason: over the limit"],
    });
    expect(read(describeAudit(entry("approvals.notify", "approval 41", null, { to: "+919800000004", queued: true, confirmed: false })))).toEqual({
      subject: "Approval request 41",
      lines: ["To: +919800000004", "Queued: yes", "Confirmed: no"],
    });
    expect(read(describeAudit(entry("approvals.reassign", "approval 41 PRE-2026-041", { approverId: 4, approver: "Lata Rao" }, { approverId: 7, approver: "Arjun Mehta" })))).toEqual({
      subject: "Approval request 41 (PRE-2026-041)",
      lines: ["Approver: Lata Rao (employee 4) → Arjun Mehta (employee 7)"],
    });
    // The previous approver's record is gone: their id, named if the page could.
    expect(read(describeAudit(entry("approvals.reassign", "approval 41 PRE-2026-041", { approverId: 9, approver: null }, { approverId: 7, approver: "Arjun Mehta" }), names)).lines).toEqual(["Approver: employee 9 → Arjun Mehta (employee 7)"]);
    expect(read(describeAudit(entry("approvals.withdraw", "approval 41 PRE-2026-041", { status: "pending" }, { status: "withdrawn", reason: "Trade cancelled" })))).toEqual({
      subject: "Approval request 41 (PRE-2026-041)",
      lines: ["Status: pending → withdrawn", "Reason: Trade cancelled"],
    });
  });

  it("reminders: the campaign by name, its audience in words", () => {
    expect(read(describeAudit(entry("reminders.campaign_create", "Q3 declarations", null, { audience: { kind: "department", department: "Ops" }, recipients: 12, skippedOptedOut: 1 })))).toEqual({
      subject: "Campaign “Q3 declarations”",
      lines: ["Audience: everyone active in Ops", "Recipients: 12", "Skipped (opted out): 1"],
    });
    expect(read(describeAudit(entry("reminders.remind_again", "Q3 declarations", null, { recipients: 3, refused: 0, confirmed: true })))).toEqual({
      subject: "Campaign “Q3 declarations”",
      lines: ["Recipients: 3", "Refused: 0", "Confirmed: yes"],
    });
  });

  it("retention and privacy: what was purged, the hold and its number, the erased number's reference", () => {
    expect(read(describeAudit(entry("retention.purge", null, null, { messages: 5, heldMessages: 1, errorLog: 2, statusEvents: 9, messagesBefore: "2019-11-28T12:28:36.065Z" })))).toEqual({
      subject: "Records past their retention period",
      lines: ["Messages: 5", "Messages under legal hold (kept): 1", "Error log entries: 2", "Delivery events: 9", "Messages before: 2019-11-28 12:28:36 UTC"],
    });
    expect(read(describeAudit(entry("retention.hold_place", "hold 3", null, { phone: "+919400000009", fromDay: null, toDay: null, reason: "FIU request 77" })))).toEqual({
      subject: "Legal hold 3 on +919400000009",
      lines: ["Phone: +919400000009", "Days: every day", "Reason: FIU request 77"],
    });
    expect(read(describeAudit(entry("retention.hold_place", "hold 4", null, { phone: null, fromDay: "2026-01-01", toDay: "2026-01-31", reason: "SEBI" })))).toEqual({
      subject: "Legal hold 4",
      lines: ["Days: 2026-01-01 – 2026-01-31", "Reason: SEBI"],
    });
    const released = describeAudit(
      entry(
        "retention.hold_release",
        "hold 3: FIU request 77",
        { hold: 3, phone: "+919400000009", fromDay: "2026-01-01", toDay: null, reason: "FIU request 77", placedAt: "2026-03-01T10:04:05.123Z", placedBy: "admin@example.com" },
        { releasedBy: "admin@example.com", releaseReason: "Request withdrawn by FIU" },
      ),
    );
    expect(read(released)).toEqual({
      subject: "Legal hold 3 on +919400000009 (FIU request 77)",
      lines: ["Hold: 3", "Phone: +919400000009", "Days: from 2026-01-01", "Reason: FIU request 77", "Placed at: 2026-03-01 10:04:05 UTC", "Placed by: admin@example.com", "Released by: admin@example.com", "Release reason: Request withdrawn by FIU"],
    });
    expect(read(describeAudit(entry("privacy.erasure", "sha256:0123456789abcdef", null, { messages: 2, errorLog: 0, contact: "reduced", kept: ["opt-out"], why: "kept the opt-out so it is still honoured" })))).toEqual({
      subject: "Erased number (reference sha256:0123456789abcdef)",
      lines: ["Messages: 2", "Error log entries: 0", "Contact: reduced", "Kept: opt-out", "Why: kept the opt-out so it is still honoured"],
    });
  });

  it("records: the chains checked, the bundle's period, the audit export's filters", () => {
    expect(read(describeAudit(entry("records.verify", null, null, { intact: true })))).toEqual({ subject: "Hash chains of messages and the audit trail", lines: ["Intact: yes"] });
    expect(read(describeAudit(entry("records.export", "2026-01-01 – 2026-01-31", null, { period: { from: "2026-01-01", to: "2026-01-31" }, outcome: "started" })))).toEqual({
      subject: "Signed bundle 2026-01-01 – 2026-01-31",
      lines: ["Period: 2026-01-01 – 2026-01-31", "Outcome: started"],
    });
    const sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    expect(read(describeAudit(entry("records.export_complete", "2026-01-01 – 2026-01-31", null, { messages: 12, csvSha256: sha })))).toEqual({
      subject: "Signed bundle 2026-01-01 – 2026-01-31",
      lines: ["Messages: 12", `CSV SHA-256: ${sha}`],
    });
    expect(read(describeAudit(entry("records.export_canceled", "2026-01-01 – 2026-01-31", null, { messagesRead: 1000 }))).lines).toEqual(["Messages read: 1000"]);
    expect(read(describeAudit(entry("records.export_failed", "2026-01-01 – 2026-01-31", null, { error: "2026-01-01 – 2026-01-31: disk full" }))).lines).toEqual(["Error: 2026-01-01 – 2026-01-31: disk full"]);
    expect(read(describeAudit(entry("records.audit_export", "(whole audit trail)")))).toEqual({ subject: "Audit trail: all of it", lines: [] });
    expect(read(describeAudit(entry("records.audit_export", "audit=approvals.&actor=whatsapp&auditFrom=2020-01-10", null, { audit: "approvals.", actor: "whatsapp", auditFrom: "2020-01-10" })))).toEqual({
      subject: "Audit trail: audit=approvals.&actor=whatsapp&auditFrom=2020-01-10",
      lines: ["Kind: Approvals", "Actor: Employees via WhatsApp", "From: 2020-01-10"],
    });
    expect(read(describeAudit(entry("records.audit_export", "actor=3", null, { actor: "3" }))).lines).toEqual(["Actor: account 3"]);
  });

  it("an action it does not know still names its target and reads its details", () => {
    expect(read(describeAudit(entry("future.thing", "widget 9", { sizeInBytes: 1 }, { sizeInBytes: 2 })))).toEqual({ subject: "widget 9", lines: ["Size in bytes: 1 → 2"] });
    expect(read(describeAudit(entry("future.thing", null, "a", "b")))).toEqual({ subject: null, lines: ["Before: a", "After: b"] });
    // A target of another shape than its action usually has is shown as stored.
    expect(describeAudit(entry("approvals.approve", "e2e paged entry 007")).subject).toBe("e2e paged entry 007");
    expect(describeAudit(entry("records.verify", "sha256:abc")).subject).toBe("sha256:abc");
  });
});

describe("employee ids to resolve", () => {
  it("are gathered from a page's targets and ids, once each", () => {
    const entries = [
      entry("people.certificate_add", "employee 7", null, { employeeId: 7 }),
      entry("people.certificate_delete", "certificate 1", { employeeId: 8 }),
      entry("approvals.create", "approval 1 X", null, { approverId: 4 }),
      entry("people.update", "E1", { managerId: null }, { managerId: 5 }),
      entry("contacts.block", "+919800000002", { blocked: false }, { blocked: true }),
    ];
    expect(employeeIdsOf(entries).sort((a, b) => a - b)).toEqual([4, 5, 7, 8]);
  });
});
