import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { insertCertificate, insertDeclaration, insertEmployee } from "@/db/queries/employees";
import { DEFAULT_REPLIES } from "@/lib/commands/replies";
import { tempDb, type TempDb } from "@/tests/support/db";
import { answerFromRecords } from "./answer";
import { audienceMembers } from "./campaigns";
import { runDailyChecks } from "./expiry-job";
import { currentCertificates, replacedCertificateIds } from "./renewals";

const cert = (id: number, employeeId: number, name: string, expiresOn: string) => ({ id, employeeId, name, expiresOn });

describe("which certificates a renewal replaced", () => {
  it("a later one of the same name, spacing and letter case aside, replaces the earlier", () => {
    const list = [cert(1, 7, "NISM Series VIII", "2026-12-02"), cert(2, 7, " nism  series viii", "2029-12-01"), cert(3, 7, "NISM Series XV", "2026-12-10")];
    expect([...replacedCertificateIds(list)]).toEqual([1]);
    expect(currentCertificates(list).map((row) => row.id)).toEqual([2, 3]);
  });

  it("an older one added after the current one replaces nothing: the latest expiry counts, not the latest entry", () => {
    expect([...replacedCertificateIds([cert(5, 7, "NISM", "2029-01-01"), cert(6, 7, "NISM", "2025-01-01")])]).toEqual([6]);
  });

  it("of two with the same expiry the one recorded last counts, and other people's certificates are their own", () => {
    expect([...replacedCertificateIds([cert(1, 7, "NISM", "2027-01-01"), cert(2, 7, "NISM", "2027-01-01"), cert(3, 8, "NISM", "2028-01-01")])]).toEqual([1]);
  });
});

describe("renewals recorded beside the old certificate", () => {
  let t: TempDb;
  const now = new Date("2026-11-25T06:00:00Z");
  const person = (name: string, phone: string, active = true) =>
    insertEmployee(t.db, { name, employeeCode: name, phone, department: "", managerId: null, approver: false, active }, now);
  const certificate = (employeeId: number, name: string, expiresOn: string) => insertCertificate(t.db, { employeeId, name, number: "", issuedOn: null, expiresOn }, now);
  let renewed: number;
  let lapsed: number;
  let expiring: number;

  beforeEach(() => {
    t = tempDb();
    renewed = person("Renewed", "+919800000001").id;
    certificate(renewed, "NISM Series VIII", "2026-11-01");
    certificate(renewed, "NISM Series VIII", "2029-11-01");
    certificate(renewed, "NISM Series XV", "2026-11-30");
    certificate(renewed, "nism series xv", "2029-11-30");
    lapsed = person("Lapsed", "+919800000002").id;
    certificate(lapsed, "NISM Series VIII", "2026-11-20");
    expiring = person("Expiring", "+919800000003").id;
    certificate(expiring, "NISM Series VIII", "2026-12-02");
    const inactive = person("Gone", "+919800000004", false).id;
    certificate(inactive, "NISM Series VIII", "2026-11-20");
  });
  afterEach(() => t.close());

  it("leave the renewed out of the expired and the expiring audiences", () => {
    const names = (kind: "expired" | "expiring") => audienceMembers(t.db, kind === "expired" ? { kind } : { kind, days: 30 }, now).map((employee) => employee.id);
    expect(names("expired")).toEqual([lapsed]);
    expect(names("expiring")).toEqual([expiring]);
  });

  it("send no expiry reminder for a certificate already renewed", () => {
    const result = runDailyChecks(t.db, { holder: "a", leadDays: [30, 7], from: "whatsapp:+14155238886" }, now);
    expect(result).toMatchObject({ ran: true, reminders: 0, refused: 1 });
    const bodies = t.db.$client.prepare("select m.body from messages m join contacts c on c.id = m.contact_id where m.direction = 'outbound'").pluck().all();
    expect(bodies).toEqual([expect.stringContaining("your NISM Series VIII expires on 2 Dec 2026")]);
  });

  it("answer STATUS and NISM with the current certificates only", () => {
    const ask = (command: string) => answerFromRecords(t.db, { command, body: command, phone: "+919800000001", messageSid: `SM${"0".repeat(32)}` }, DEFAULT_REPLIES, now);
    expect(ask("STATUS")).toBe(DEFAULT_REPLIES.statusClear.replace("{name}", "Renewed"));
    expect(ask("NISM")).not.toContain("2026");
    expect(ask("NISM")).toContain("1 Nov 2029");
  });

  it("the pending audience is everyone active with a pending or overdue declaration", () => {
    insertDeclaration(t.db, { employeeId: lapsed, type: "Holdings", period: "Q3", status: "overdue", dueOn: "2026-11-01", submittedOn: null }, now);
    insertDeclaration(t.db, { employeeId: expiring, type: "Holdings", period: "Q3", status: "submitted", dueOn: "2026-11-01", submittedOn: "2026-10-30" }, now);
    expect(audienceMembers(t.db, { kind: "pending" }, now).map((employee) => employee.id)).toEqual([lapsed]);
  });
});
