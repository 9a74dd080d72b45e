import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recipientsOf } from "@/db/queries/campaigns";
import { upsertContactOnInbound } from "@/db/queries/contacts";
import { insertEmployee } from "@/db/queries/employees";
import { tempDb, type TempDb } from "@/tests/support/db";
import { createCampaign, remindAgain } from "./campaigns";

let t: TempDb;
const now = new Date("2026-11-25T10:00:00Z");
const HOUR = 3_600_000;
const admin = { id: null, label: "admin@example.com" };
const FROM = "whatsapp:+14155238886";

beforeEach(() => {
  t = tempDb();
  for (const [name, code, phone] of [["Asha", "E1", "+919800000001"], ["Ravi", "E2", "+919800000002"]] as const) {
    insertEmployee(t.db, { name, employeeCode: code, phone, department: "Equity", managerId: null, approver: false, active: true }, now);
    upsertContactOnInbound(t.db, { phone, channel: "whatsapp", profileName: name, waId: null, at: new Date(now.getTime() - HOUR), day: "2026-11-25" });
  }
});
afterEach(() => t.close());

describe("remind again", () => {
  it("counts refused sends apart and keeps the recipient's earlier message and its delivery", () => {
    const campaign = createCampaign(t.db, admin, { name: "Q4 declaration", body: "Hi {name}, please file.", contentSid: null, audience: { kind: "everyone" } }, FROM, now);
    const before = new Map(recipientsOf(t.db, campaign.id).map((row) => [row.employee.name, row.messageId]));
    // A day later Ravi wrote again (his window is open); Asha's closed.
    const later = new Date(now.getTime() + 30 * HOUR);
    upsertContactOnInbound(t.db, { phone: "+919800000002", channel: "whatsapp", profileName: "Ravi", waId: null, at: new Date(later.getTime() - HOUR), day: "2026-11-26" });

    expect(remindAgain(t.db, admin, campaign.id, FROM, later)).toEqual({
      reminded: 1,
      refused: 1,
      refusal: "Outside the 24-hour window: WhatsApp only allows an approved template until they write again.",
    });
    const after = new Map(recipientsOf(t.db, campaign.id).map((row) => [row.employee.name, row]));
    expect(after.get("Asha")).toMatchObject({ messageId: before.get("Asha"), reminders: 1, status: "queued" });
    expect(after.get("Ravi")!.messageId).not.toBe(before.get("Ravi"));
    expect(after.get("Ravi")!.reminders).toBe(2);
  });
});
