import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recentAudit } from "@/db/queries/audit";
import { upsertContactOnInbound } from "@/db/queries/contacts";
import { certificatesOf, declarationsOf, insertCertificate, insertDeclaration, insertEmployee } from "@/db/queries/employees";
import type { Employee } from "@/db/schema";
import { DEFAULT_REPLIES } from "@/lib/commands/replies";
import { readInbound } from "@/lib/twilio/inbound";
import { receiveMessage } from "@/lib/webhooks/incoming";
import { tempDb, type TempDb } from "@/tests/support/db";
import { inboundParams, messageSid } from "@/tests/support/twilio-fixtures";
import { runDailyChecks } from "./expiry-job";
import { importRecords } from "./people-import";
import { describeAudit } from "@/lib/audit/describe";
import { certificateDatesRefusal, deleteCertificateRecord, deleteDeclarationRecord, editCertificateRecord, editDeclarationRecord, markDeclarationSubmittedRecord } from "./person-records";

let t: TempDb;
let asha: Employee;
let ravi: Employee;
const actor = { id: null, label: "staff@example.com" };
const now = new Date("2026-11-25T06:00:00Z");
const config = { settings: { incomingEnabled: true, dailyLimit: 500, cooldownSeconds: 0, replies: { ...DEFAULT_REPLIES } }, rules: [] };
const say = (phone: string, body: string, at = now) => receiveMessage(t.db, readInbound(inboundParams({ MessageSid: messageSid(), Body: body, From: `whatsapp:${phone}` })), config, at).reply?.body ?? null;
const auditOf = (action: string) => recentAudit(t.db, 50).filter((entry) => entry.action === action);

beforeEach(() => {
  t = tempDb();
  const person = (name: string, code: string, phone: string) => insertEmployee(t.db, { name, employeeCode: code, phone, department: "Equity", managerId: null, approver: false, active: true }, now);
  asha = person("Asha", "E1", "+919800000001");
  ravi = person("Ravi", "E2", "+919800000002");
});
afterEach(() => t.close());

describe("certificate dates", () => {
  it("refuse an expiry before the issue date, naming the expiry input", () => {
    expect(certificateDatesRefusal({ issuedOn: "2026-01-01", expiresOn: "2025-01-01" })).toEqual({ error: "The expiry date is before the issue date (1 Jan 2026)", field: "expiresOn" });
    expect(certificateDatesRefusal({ issuedOn: "2026-01-01", expiresOn: "2025-12-31" })).toMatchObject({ field: "expiresOn" });
  });

  it("allow an expiry on or after the issue date, or with no issue date", () => {
    expect(certificateDatesRefusal({ issuedOn: "2026-01-01", expiresOn: "2026-01-01" })).toBeNull();
    expect(certificateDatesRefusal({ issuedOn: "2026-01-01", expiresOn: "2029-01-01" })).toBeNull();
    expect(certificateDatesRefusal({ issuedOn: null, expiresOn: "2025-01-01" })).toBeNull();
  });

  it("refuse the same mistake in a CSV import, row by row, importing nothing", () => {
    const csv = "employee_code,name,issued_on,expires_on\nE1,NISM Series VIII,2026-01-01,2025-01-01\nE1,NISM Series XV,2026-01-01,2029-01-01\n";
    const result = importRecords(t.db, actor, "certificates", csv, true, now);
    expect(result.imported).toBe(0);
    expect(result.preview.rows.map((row) => row.errors)).toEqual([["expires_on is before issued_on"], []]);
    expect(certificatesOf(t.db, asha.id)).toEqual([]);
  });
});

describe("deleting a certificate", () => {
  it("removes it, audits what it was, and STATUS and NISM no longer mention it", () => {
    const mistake = insertCertificate(t.db, { employeeId: asha.id, name: "NISM Series VIII", number: "N-8", issuedOn: "2026-01-01", expiresOn: "2026-12-07" }, now);
    insertCertificate(t.db, { employeeId: asha.id, name: "NISM Series XV", number: "", issuedOn: null, expiresOn: "2029-05-01" }, now);
    expect(say(asha.phone, "STATUS")).toContain("NISM Series VIII expires in 12 days");
    expect(say(asha.phone, "NISM")).toContain("NISM Series VIII");

    expect(deleteCertificateRecord(t.db, actor, asha.id, mistake.id, now)).toEqual({ ok: true, name: "NISM Series VIII" });
    expect(certificatesOf(t.db, asha.id).map((certificate) => certificate.name)).toEqual(["NISM Series XV"]);
    expect(auditOf("people.certificate_delete")).toEqual([
      expect.objectContaining({
        actorLabel: "staff@example.com",
        target: `certificate ${mistake.id}`,
        before: { employeeId: asha.id, employee: "Asha", name: "NISM Series VIII", number: "N-8", issuedOn: "2026-01-01", expiresOn: "2026-12-07", reminders: [] },
      }),
    ]);
    expect(say(asha.phone, "STATUS")).toBe("Hi Asha, all your compliance requirements are up to date!");
    expect(say(asha.phone, "NISM")).toBe("Your certificates:\n• NISM Series XV – expires 1 May 2029, valid");
  });

  it("refuses a certificate that is gone or someone else's, and changes nothing", () => {
    const certificate = insertCertificate(t.db, { employeeId: asha.id, name: "NISM Series VIII", number: "", issuedOn: null, expiresOn: "2027-01-01" }, now);
    expect(deleteCertificateRecord(t.db, actor, ravi.id, certificate.id, now)).toEqual({ ok: false, error: "That certificate no longer exists" });
    expect(deleteCertificateRecord(t.db, actor, asha.id, certificate.id + 1, now)).toEqual({ ok: false, error: "That certificate no longer exists" });
    expect(certificatesOf(t.db, asha.id)).toHaveLength(1);
    expect(auditOf("people.certificate_delete")).toEqual([]);
  });

  it("with an expiry reminder sent: the reminder's message stays, the audit keeps its bookkeeping, and nothing reminds or acknowledges it again", () => {
    upsertContactOnInbound(t.db, { phone: asha.phone, channel: "whatsapp", profileName: "Asha", waId: null, at: now, day: "2026-11-25" });
    const certificate = insertCertificate(t.db, { employeeId: asha.id, name: "NISM Series VIII", number: "", issuedOn: null, expiresOn: "2026-12-02" }, now);
    const options = { holder: "a", leadDays: [30, 7, 1], from: "whatsapp:+14155238886" };
    expect(runDailyChecks(t.db, options, now)).toMatchObject({ reminders: 1 });
    const reminder = t.db.$client.prepare("select id, body from messages where direction = 'outbound'").get() as { id: number; body: string };

    expect(deleteCertificateRecord(t.db, actor, asha.id, certificate.id, now)).toEqual({ ok: true, name: "NISM Series VIII" });
    // What the reminder said is still in her conversation.
    expect(t.db.$client.prepare("select id, body from messages where direction = 'outbound'").all()).toEqual([reminder]);
    expect(reminder.body).toContain("your NISM Series VIII expires on 2 Dec 2026");
    expect(t.db.$client.prepare("select count(*) as n from expiry_reminders").get()).toEqual({ n: 0 });
    const [entry] = auditOf("people.certificate_delete");
    expect(entry?.before).toMatchObject({
      name: "NISM Series VIII",
      reminders: [{ leadDays: 7, expiresOn: "2026-12-02", messageId: reminder.id, acknowledgedAt: null, ackMessageSid: null, createdAt: now.toISOString() }],
    });
    // Her ACK has nothing left to acknowledge, and the daily checks do not bring the certificate back.
    expect(say(asha.phone, "ACK")).toBe("Thank you, Asha. There is no reminder waiting for your acknowledgement.");
    expect(runDailyChecks(t.db, options, new Date("2026-12-01T06:00:00Z"))).toMatchObject({ ran: true, reminders: 0, refused: 0 });
  });
});

describe("deleting a declaration", () => {
  it("removes it, audits what it was, and STATUS and PENDING no longer mention it", () => {
    const mistake = insertDeclaration(t.db, { employeeId: asha.id, type: "Investment declaration", period: "Q3 2026", status: "pending", dueOn: "2026-12-01", submittedOn: null }, now);
    insertDeclaration(t.db, { employeeId: asha.id, type: "Holding statement", period: "FY26", status: "pending", dueOn: "2026-12-15", submittedOn: null }, now);
    expect(say(asha.phone, "STATUS")).toContain("2 pending declarations");

    expect(deleteDeclarationRecord(t.db, actor, asha.id, mistake.id, now)).toEqual({ ok: true, name: "Investment declaration" });
    expect(declarationsOf(t.db, asha.id).map((declaration) => declaration.type)).toEqual(["Holding statement"]);
    expect(auditOf("people.declaration_delete")).toEqual([
      expect.objectContaining({
        target: `declaration ${mistake.id}`,
        before: { employeeId: asha.id, employee: "Asha", type: "Investment declaration", period: "Q3 2026", status: "pending", dueOn: "2026-12-01", submittedOn: null },
      }),
    ]);
    expect(say(asha.phone, "STATUS")).toContain("1 pending declaration\n");
    expect(say(asha.phone, "PENDING")).toBe("You have 1 pending item:\n• Holding statement (FY26) – due 15 Dec 2026");
  });

  it("refuses one that is gone or someone else's", () => {
    const declaration = insertDeclaration(t.db, { employeeId: asha.id, type: "Gifts", period: "", status: "pending", dueOn: "2026-12-01", submittedOn: null }, now);
    expect(deleteDeclarationRecord(t.db, actor, ravi.id, declaration.id, now)).toEqual({ ok: false, error: "That declaration no longer exists" });
    expect(declarationsOf(t.db, asha.id)).toHaveLength(1);
    expect(auditOf("people.declaration_delete")).toEqual([]);
  });
});

describe("editing a certificate or a declaration", () => {
  // The trail names whose record it was from the entry alone, as it was then: after a rename too.
  const subjectOf = (action: string) => {
    const [entry] = auditOf(action);
    return entry ? describeAudit(entry).subject : null;
  };

  it("saves a certificate's edit and audits it with its holder", () => {
    const certificate = insertCertificate(t.db, { employeeId: asha.id, name: "NISM Series VIII", number: "", issuedOn: null, expiresOn: "2027-01-01" }, now);
    const values = { name: "NISM Series VIII", number: "N-8", issuedOn: "", expiresOn: "2028-01-01" };
    expect(editCertificateRecord(t.db, actor, asha.id, certificate.id, values, now)).toEqual({ ok: true });
    expect(certificatesOf(t.db, asha.id)).toEqual([expect.objectContaining({ number: "N-8", issuedOn: null, expiresOn: "2028-01-01" })]);
    expect(auditOf("people.certificate_update")).toEqual([
      expect.objectContaining({ target: `certificate ${certificate.id}`, before: { employeeId: asha.id, employee: "Asha", name: "NISM Series VIII", expiresOn: "2027-01-01" }, after: values }),
    ]);
    t.db.$client.prepare("update employees set name = 'Asha Rao' where id = ?").run(asha.id);
    expect(subjectOf("people.certificate_update")).toBe(`Certificate ${certificate.id} (NISM Series VIII) of Asha (employee ${asha.id})`);
  });

  it("saves a declaration's edit and audits it with its holder", () => {
    const declaration = insertDeclaration(t.db, { employeeId: ravi.id, type: "Gifts", period: "FY26", status: "pending", dueOn: "2026-12-01", submittedOn: null }, now);
    const values = { type: "Gifts", period: "FY26", status: "submitted" as const, dueOn: "2026-12-01" };
    expect(editDeclarationRecord(t.db, actor, ravi.id, declaration.id, values, now)).toEqual({ ok: true });
    expect(declarationsOf(t.db, ravi.id)).toEqual([expect.objectContaining({ status: "submitted", submittedOn: "2026-11-25" })]);
    expect(auditOf("people.declaration_update")).toEqual([
      expect.objectContaining({ target: `declaration ${declaration.id}`, before: { employeeId: ravi.id, employee: "Ravi", status: "pending", dueOn: "2026-12-01" }, after: values }),
    ]);
    expect(subjectOf("people.declaration_update")).toBe(`Declaration ${declaration.id} (Gifts) of Ravi (employee ${ravi.id})`);
  });

  it("marks a declaration submitted and audits it with its holder and what it was", () => {
    const declaration = insertDeclaration(t.db, { employeeId: asha.id, type: "Investment declaration", period: "Q3 2026", status: "overdue", dueOn: "2026-11-01", submittedOn: null }, now);
    expect(markDeclarationSubmittedRecord(t.db, actor, asha.id, declaration.id, now)).toEqual({ ok: true });
    expect(declarationsOf(t.db, asha.id)).toEqual([expect.objectContaining({ status: "submitted", submittedOn: "2026-11-25" })]);
    expect(auditOf("people.declaration_submitted")).toEqual([
      expect.objectContaining({
        target: `declaration ${declaration.id}`,
        before: { employeeId: asha.id, employee: "Asha", type: "Investment declaration", period: "Q3 2026", status: "overdue" },
        after: { status: "submitted", submittedOn: "2026-11-25" },
      }),
    ]);
    expect(subjectOf("people.declaration_submitted")).toBe(`Declaration ${declaration.id} (Investment declaration) of Asha (employee ${asha.id})`);
  });

  it("refuses a record that is gone or someone else's, and audits nothing", () => {
    const certificate = insertCertificate(t.db, { employeeId: asha.id, name: "NISM Series VIII", number: "", issuedOn: null, expiresOn: "2027-01-01" }, now);
    const declaration = insertDeclaration(t.db, { employeeId: asha.id, type: "Gifts", period: "", status: "pending", dueOn: "2026-12-01", submittedOn: null }, now);
    expect(editCertificateRecord(t.db, actor, ravi.id, certificate.id, { name: "X", number: "", issuedOn: "", expiresOn: "2028-01-01" }, now)).toEqual({ ok: false, error: "That certificate no longer exists" });
    expect(editDeclarationRecord(t.db, actor, ravi.id, declaration.id, { type: "X", period: "", status: "pending", dueOn: "2026-12-01" }, now)).toEqual({ ok: false, error: "That declaration no longer exists" });
    expect(markDeclarationSubmittedRecord(t.db, actor, asha.id, declaration.id + 1, now)).toEqual({ ok: false, error: "That declaration no longer exists" });
    expect(certificatesOf(t.db, asha.id)).toEqual([expect.objectContaining({ name: "NISM Series VIII" })]);
    expect(declarationsOf(t.db, asha.id)).toEqual([expect.objectContaining({ type: "Gifts", status: "pending" })]);
    expect(recentAudit(t.db, 50).filter((entry) => /update|submitted/.test(entry.action))).toEqual([]);
  });
});
