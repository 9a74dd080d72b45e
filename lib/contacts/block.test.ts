import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listBlocked } from "@/db/queries/contacts";
import { recentAudit } from "@/db/queries/audit";
import { tempDb, type TempDb } from "@/tests/support/db";
import { insertEmployee } from "@/db/queries/employees";
import { blockQuestion } from "@/lib/inbox/block-question";
import { InvalidNumberError, requestBlock, setNumberBlocked, toE164 } from "./block";
import { numberStanding } from "./standing";

let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.close());

describe("block list", () => {
  it("normalises numbers to E.164 and refuses anything else", () => {
    expect(toE164("+91 98123-45678")).toBe("+919812345678");
    expect(toE164("whatsapp:+14155551234")).toBe("+14155551234");
    for (const bad of ["98123 45678", "hello", "+0123", ""]) expect(() => toE164(bad)).toThrow(InvalidNumberError);
  });

  it("names the phone input when a number is refused, so the form can mark it", () => {
    expect(() => setNumberBlocked(t.db, { id: null, label: "admin@example.com" }, "98123 45678", true)).toThrow(
      expect.objectContaining({ name: "InvalidNumberError", field: "phone" }),
    );
  });

  it("blocks and unblocks with an audit row each, idempotently", () => {
    const actor = { id: null, label: "admin@example.com" };
    setNumberBlocked(t.db, actor, "+919812345678", true);
    setNumberBlocked(t.db, actor, "+919812345678", true);
    expect(listBlocked(t.db).map((contact) => contact.phone)).toEqual(["+919812345678"]);
    setNumberBlocked(t.db, actor, "+919812345678", false);
    expect(listBlocked(t.db)).toEqual([]);
    expect(recentAudit(t.db, 5).map((entry) => entry.action)).toEqual(["contacts.unblock", "contacts.block"]);
  });
});

describe("blocking from Settings", () => {
  const actor = { id: null, label: "admin@example.com" };

  it("asks the conversation's question first, naming an active employee, and blocks only that confirmed number", () => {
    insertEmployee(t.db, { name: "Anita Rao", employeeCode: "E003", phone: "+919800000004", department: "Ops", managerId: null, approver: true, active: true }, new Date());
    const asked = requestBlock(t.db, actor, "+91 98000 00004", null);
    expect(asked).toEqual({ asked: true, phone: "+919800000004", question: blockQuestion("+919800000004", { name: "Anita Rao", employeeCode: "E003", active: true, approver: true }) });
    expect(asked.asked && asked.question).toContain("Anita Rao (E003) is an active employee and an approver");
    // Confirmed for another number (the field was edited): asked again, nothing blocked.
    expect(requestBlock(t.db, actor, "+919800000004", "+919800000005")).toMatchObject({ asked: true });
    expect(listBlocked(t.db)).toEqual([]);
    expect(requestBlock(t.db, actor, "+919800000004", "+919800000004")).toEqual({ asked: false, phone: "+919800000004", message: "Blocked +919800000004." });
    expect(listBlocked(t.db).map((contact) => contact.phone)).toEqual(["+919800000004"]);
  });

  it("asks about a number nobody registered too, and refuses one that is not a number on its field", () => {
    expect(requestBlock(t.db, actor, "+919800000006", null)).toEqual({ asked: true, phone: "+919800000006", question: blockQuestion("+919800000006", null) });
    expect(() => requestBlock(t.db, actor, "98000 00006", null)).toThrow(expect.objectContaining({ field: "phone" }));
  });

  it("says a number is already blocked without asking, changing or auditing anything", () => {
    requestBlock(t.db, actor, "+919800000009", "+919800000009");
    const audited = recentAudit(t.db, 10).length;
    expect(requestBlock(t.db, actor, "+919800000009", null)).toEqual({ asked: false, phone: "+919800000009", message: "Already blocked." });
    expect(requestBlock(t.db, actor, "+919800000009", "+919800000009")).toEqual({ asked: false, phone: "+919800000009", message: "Already blocked." });
    expect(recentAudit(t.db, 10)).toHaveLength(audited);
    expect(setNumberBlocked(t.db, actor, "+919800000009", true)).toEqual({ phone: "+919800000009", changed: false });
    expect(setNumberBlocked(t.db, actor, "+919800000009", false)).toEqual({ phone: "+919800000009", changed: true });
    expect(setNumberBlocked(t.db, actor, "+919800000009", false)).toEqual({ phone: "+919800000009", changed: false });
  });
});

describe("a person's number standing", () => {
  it("says when their number is blocked or opted out, and nothing otherwise", () => {
    expect(numberStanding(undefined)).toBeNull();
    expect(numberStanding({ blocked: false, optedOut: false })).toBeNull();
    expect(numberStanding({ blocked: true, optedOut: false })).toMatch(/^Their number is blocked: /);
    expect(numberStanding({ blocked: false, optedOut: true })).toBe("They opted out (sent STOP): nothing is sent to them until they send START.");
    expect(numberStanding({ blocked: true, optedOut: true })).toMatch(/^Their number is blocked: .* They also opted out \(sent STOP\)\.$/);
  });
});
