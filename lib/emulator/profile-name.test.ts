import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { upsertContactOnInbound } from "@/db/queries/contacts";
import { insertEmployee } from "@/db/queries/employees";
import { tempDb, type TempDb } from "@/tests/support/db";
import { knownProfileName, senderProfileName, SIMULATOR_DEFAULT_NAME } from "./profile-name";

let t: TempDb;
beforeEach(() => {
  t = tempDb();
  const now = new Date();
  insertEmployee(t.db, { name: "Priya Nair", employeeCode: "E1", phone: "+919800000001", department: "Ops", managerId: null, approver: false, active: true }, now);
  insertEmployee(t.db, { name: "Kiran Rao", employeeCode: "E2", phone: "+919800000002", department: "Ops", managerId: null, approver: false, active: true }, now);
  upsertContactOnInbound(t.db, { phone: "+919800000002", channel: "whatsapp", profileName: "Kiran 📱", waId: null, at: now, day: "2026-01-01" });
  upsertContactOnInbound(t.db, { phone: "+919800000003", channel: "whatsapp", profileName: "Asha", waId: null, at: now, day: "2026-01-01" });
});
afterEach(() => t.close());

describe("the simulator's profile name follows the number", () => {
  it("is the name the number last sent with, else its employee's, else a neutral default", () => {
    expect(knownProfileName(t.db, "+919800000002")).toBe("Kiran 📱");
    expect(knownProfileName(t.db, "+919800000001")).toBe("Priya Nair");
    expect(knownProfileName(t.db, "+919800000009")).toBe(SIMULATOR_DEFAULT_NAME);
  });

  it("does not carry the previous number's name to another number unless the tester typed it", () => {
    const fromAsha = { typed: "Asha", shownFor: "+919800000003" };
    expect(senderProfileName(t.db, { ...fromAsha, phone: "+919800000001", edited: false })).toBe("Priya Nair");
    expect(senderProfileName(t.db, { ...fromAsha, phone: "+919800000009", edited: false })).toBe(SIMULATOR_DEFAULT_NAME);
    expect(senderProfileName(t.db, { ...fromAsha, phone: "+919800000001", edited: true })).toBe("Asha");
    // The number the page was opened for keeps the name shown, e.g. one given in ?name=.
    expect(senderProfileName(t.db, { ...fromAsha, phone: "+919800000003", edited: false })).toBe("Asha");
  });
});
