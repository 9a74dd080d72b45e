import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recentAudit } from "@/db/queries/audit";
import { ensureContact } from "@/db/queries/contacts";
import { insertMessage } from "@/db/queries/messages";
import { insertUser, type PublicUser } from "@/db/queries/users";
import type { Contact } from "@/db/schema";
import { tempDb, type TempDb } from "@/tests/support/db";
import { setConversationHandledState } from "./handled";

let t: TempDb;
let contact: Contact;
let asha: PublicUser;
let ben: PublicUser;
const now = new Date("2026-11-25T06:00:00Z");
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
const audits = () => recentAudit(t.db, 50).filter((entry) => entry.action.startsWith("inbox."));
const actorOf = (user: PublicUser) => ({ id: user.id, label: user.email });

beforeEach(() => {
  t = tempDb();
  asha = insertUser(t.db, { email: "asha@example.com", name: "Asha", role: "staff", passwordHash: "x", now });
  ben = insertUser(t.db, { email: "ben@example.com", name: "Ben", role: "staff", passwordHash: "x", now });
  contact = ensureContact(t.db, "+447700900123", now);
  insertMessage(t.db, { direction: "inbound", fromAddress: `whatsapp:${contact.phone}`, toAddress: "whatsapp:+14155238886", contactId: contact.id, body: "Hi", status: "received", createdAt: now, updatedAt: now });
});
afterEach(() => t.close());

describe("marking a conversation handled from a page opened earlier", () => {
  it("says who handled it already, and audits nothing more", () => {
    expect(setConversationHandledState(t.db, actorOf(asha), contact, true, asha.id, later(1))).toEqual({ changed: true, messages: 1, message: "Marked handled." });
    expect(setConversationHandledState(t.db, actorOf(ben), contact, true, ben.id, later(2))).toEqual({ changed: false, message: "Already handled by Asha." });
    expect(audits().map((entry) => entry.action)).toEqual(["inbox.handled"]);
  });

  it("reopens once: a second Reopen says it is open already", () => {
    setConversationHandledState(t.db, actorOf(asha), contact, true, asha.id, later(1));
    expect(setConversationHandledState(t.db, actorOf(asha), contact, false, asha.id, later(2))).toMatchObject({ changed: true, message: "Reopened." });
    expect(setConversationHandledState(t.db, actorOf(ben), contact, false, ben.id, later(3))).toEqual({ changed: false, message: "Already open." });
    expect(audits().map((entry) => entry.action).toSorted()).toEqual(["inbox.handled", "inbox.reopened"]);
  });

  it("marks a reopened conversation handled again", () => {
    setConversationHandledState(t.db, actorOf(asha), contact, true, asha.id, later(1));
    setConversationHandledState(t.db, actorOf(asha), contact, false, asha.id, later(2));
    expect(setConversationHandledState(t.db, actorOf(ben), contact, true, ben.id, later(3))).toMatchObject({ changed: true, messages: 1 });
    expect(setConversationHandledState(t.db, actorOf(asha), contact, true, asha.id, later(4))).toEqual({ changed: false, message: "Already handled by Ben." });
  });

  it("names by email someone who has no name on their account", () => {
    const nameless = insertUser(t.db, { email: "ops@example.com", name: "", role: "staff", passwordHash: "x", now });
    setConversationHandledState(t.db, actorOf(nameless), contact, true, nameless.id, later(1));
    expect(setConversationHandledState(t.db, actorOf(ben), contact, true, ben.id, later(2))).toEqual({ changed: false, message: "Already handled by ops@example.com." });
  });
});
