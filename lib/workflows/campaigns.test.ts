import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recipientsOf } from "@/db/queries/campaigns";
import { upsertContactOnInbound } from "@/db/queries/contacts";
import { insertEmployee } from "@/db/queries/employees";
import { tempDb, type TempDb } from "@/tests/support/db";
import { setBlocked, setOptedOut } from "@/db/queries/contacts";
import { createCampaign, previewAudience, remindAgain } from "./campaigns";

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

describe("the audience preview", () => {
  const OUTSIDE = "Outside the 24-hour window: WhatsApp only allows an approved template until they write again.";
  const add = (name: string, code: string, phone: string) => insertEmployee(t.db, { name, employeeCode: code, phone, department: "Equity", managerId: null, approver: false, active: true }, now);

  it("counts who the send queue would refuse for this content, apart from the opted out", () => {
    add("Meera", "E3", "+919800000003"); // never wrote: no window
    add("Omar", "E4", "+919800000004");
    upsertContactOnInbound(t.db, { phone: "+919800000004", channel: "whatsapp", profileName: "Omar", waId: null, at: new Date(now.getTime() - HOUR), day: "2026-11-25" });
    setOptedOut(t.db, upsertContactOnInbound(t.db, { phone: "+919800000001", channel: "whatsapp", profileName: "Asha", waId: null, at: now, day: "2026-11-25" }).id, true, now);
    setBlocked(t.db, "+919800000004", true, now);
    const everyone = { kind: "everyone" } as const;

    expect(previewAudience(t.db, { audience: everyone, body: "Hi {name}", contentSid: null }, now)).toEqual({ total: 4, optedOut: 1, refused: 2, refusal: OUTSIDE, willReceive: 1 });
    // A template may go outside the window; the block still holds.
    expect(previewAudience(t.db, { audience: everyone, body: "", contentSid: `HX${"a".repeat(32)}` }, now)).toMatchObject({ total: 4, optedOut: 1, refused: 1, willReceive: 2 });
    // Those the preview counts as refused are the ones the campaign's sends are refused for.
    const campaign = createCampaign(t.db, admin, { name: "Check", body: "Hi {name}", contentSid: null, audience: everyone }, FROM, now);
    expect(recipientsOf(t.db, campaign.id).filter((row) => row.status === "refused")).toHaveLength(2);
  });
});
