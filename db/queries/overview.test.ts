import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDb, type TempDb } from "@/tests/support/db";
import { ensureContact } from "./contacts";
import { insertMessage } from "./messages";
import { overviewCounts } from "./overview";

let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.close());

const today = new Date("2026-03-01T00:00:00Z");
const at = new Date("2026-03-01T09:00:00Z");

describe("overviewCounts", () => {
  it("counts today's traffic and tells a first message received from a contact created by a send", () => {
    const contact = ensureContact(t.db, "+919800000001", at);
    insertMessage(t.db, { direction: "outbound", fromAddress: "whatsapp:+1", toAddress: "whatsapp:+919800000001", contactId: contact.id, body: "Reminder", status: "sent", createdAt: at, updatedAt: at });
    expect(overviewCounts(t.db, today)).toEqual({ receivedToday: 0, sentToday: 1, sendersToday: 0, contacts: 1, anyInbound: false });
    insertMessage(t.db, { direction: "inbound", fromAddress: "whatsapp:+919800000001", toAddress: "whatsapp:+1", contactId: contact.id, body: "ACK", status: "received", createdAt: at, updatedAt: at });
    expect(overviewCounts(t.db, today)).toEqual({ receivedToday: 1, sentToday: 1, sendersToday: 1, contacts: 1, anyInbound: true });
    expect(overviewCounts(t.db, new Date("2026-03-02T00:00:00Z"))).toMatchObject({ receivedToday: 0, sentToday: 0, anyInbound: true });
  });
});
