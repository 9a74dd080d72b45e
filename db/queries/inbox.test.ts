import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDb, type TempDb } from "@/tests/support/db";
import { ensureContact } from "./contacts";
import { ftsQuery, inboxPage, inboxRows, messageSidIn, setThreadHandled, type Cursor, type InboxFilter } from "./inbox";
import { insertMessage, type NewMessage } from "./messages";
import { insertUser } from "./users";

let t: TempDb;
const start = Date.parse("2026-03-01T00:00:00Z");
const HOUR = 3_600_000;
const phones = ["+919800000001", "+919800000002", "+919800000003"];
const commands = ["HELP", "STATUS", "STOP", "OTHER"];
const statuses = ["queued", "sent", "delivered", "read", "failed"];

function add(overrides: Partial<NewMessage> & { createdAt: Date }) {
  return insertMessage(t.db, { direction: "inbound", fromAddress: "whatsapp:+1", toAddress: "whatsapp:+2", body: "", status: "received", updatedAt: overrides.createdAt, ...overrides });
}

beforeEach(() => {
  t = tempDb();
  const contactIds = phones.map((phone) => ensureContact(t.db, phone, new Date(start)).id);
  // 120 messages, one an hour; some share a timestamp so the keyset's id tie-break matters.
  for (let i = 0; i < 120; i++) {
    const inbound = i % 2 === 0;
    add({
      createdAt: new Date(start + Math.floor(i / 2) * HOUR * 2 + (i % 3 === 0 ? 0 : HOUR)),
      direction: inbound ? "inbound" : "outbound",
      contactId: contactIds[i % 3],
      body: inbound ? `${commands[(i / 2) % 4]} message number ${i}` : `Reply number ${i} about the déclaration`,
      command: inbound ? commands[(i / 2) % 4] : null,
      status: inbound ? "received" : statuses[i % 5],
      errorCode: !inbound && i % 5 === 4 ? 63016 : null,
      flag: inbound && i % 10 === 0 ? "rate_limited" : null,
    });
  }
});
afterEach(() => t.close());

function all(filter: InboxFilter): number[] {
  return [...inboxRows(t.db, filter, 7)].map((row) => row.id);
}

function expected(predicate: (row: { id: number; direction: string; status: string; command: string | null; flag: string | null; contact_id: number; created_at: number; handled_at: number | null; body: string }) => boolean): number[] {
  const rows = t.db.$client.prepare("select * from messages order by created_at desc, id desc").all() as Parameters<typeof predicate>[0][];
  return rows.filter(predicate).map((row) => row.id);
}

describe("inbox queries", () => {
  it("pages newest first through everything with no gaps or repeats", () => {
    expect(all({})).toEqual(expected(() => true));
  });

  it.each([
    ["direction", { direction: "inbound" as const }, (row: { direction: string }) => row.direction === "inbound"],
    ["status", { status: "failed" }, (row: { status: string }) => row.status === "failed"],
    ["command", { command: "STOP" }, (row: { command: string | null }) => row.command === "STOP"],
    ["flag", { flag: "any" }, (row: { flag: string | null }) => row.flag !== null],
    ["date range", { from: new Date(start + 24 * HOUR), to: new Date(start + 48 * HOUR) }, (row: { created_at: number }) => row.created_at >= start + 24 * HOUR && row.created_at < start + 48 * HOUR],
  ])("filters by %s", (_name, filter, predicate) => {
    const ids = all(filter as InboxFilter);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual(expected(predicate as never));
  });

  it("filters by number and by handled state", () => {
    const second = all({ numberDigits: "919800000002" });
    expect(second).toEqual(expected((row) => row.contact_id === 2));
    expect(all({ numberDigits: "14155550000" })).toEqual([]);
    // Part of a number: every contact whose number contains it.
    expect(all({ numberDigits: "0000002" })).toEqual(second);
    expect(all({ numberDigits: "98000000" })).toEqual(expected((row) => row.contact_id !== null && row.contact_id <= 3));
    expect(all({ numberDigits: "555" })).toEqual([]);
    const staff = insertUser(t.db, { email: "s@example.com", name: "S", role: "staff", passwordHash: "x", now: new Date() });
    setThreadHandled(t.db, 2, { by: staff.id, at: new Date() });
    expect(all({ handled: "handled" })).toEqual(expected((row) => row.contact_id === 2 && row.direction === "inbound"));
    expect(all({ handled: "open" })).toEqual(expected((row) => row.contact_id !== 2 && row.direction === "inbound"));
    setThreadHandled(t.db, 2, null);
    expect(all({ handled: "handled" }).length).toBe(expected((row) => row.contact_id === 2 && row.direction === "inbound").length - 1);
  });

  it("combines filters", () => {
    expect(all({ direction: "outbound", status: "read", numberDigits: phones[0]!.slice(1) })).toEqual(expected((row) => row.direction === "outbound" && row.status === "read" && row.contact_id === 1));
  });

  // Search pages in arrival order (id), which is time order for everything the app writes.
  const byArrival = (ids: number[]) => [...ids].sort((a, b) => b - a);

  it("finds words anywhere in the body, by prefix, ignoring accents and case", () => {
    expect(all({ q: "number 42" })).toEqual(byArrival(expected((row) => /\bnumber 42\d*\b/.test(row.body))));
    expect(all({ q: "DECLARATION" })).toHaveLength(60);
    const statuses = all({ q: "stat" });
    expect(statuses.length).toBeGreaterThan(5);
    expect(statuses).toEqual(byArrival(expected((row) => row.body.startsWith("STATUS"))));
    expect(all({ q: "zebra" })).toEqual([]);
  });

  it("keeps a Hindi word whole: its vowel signs do not split it into letters that match other words", () => {
    const at = new Date("2026-03-01T00:00:00Z");
    const work = add({ body: "मुझे काम है", createdAt: at }).id;
    // Has words starting with क and with म, but not the word काम.
    add({ body: "कमरा में सामान", createdAt: at });
    expect(ftsQuery("काम")).toBe('"काम"*');
    expect(all({ q: "काम" })).toEqual([work]);
    expect(all({ q: "काम है" })).toEqual([work]);
    expect(all({ q: "कमरा" })).toHaveLength(1);
  });

  it("combines search with other filters and pages through every match once", () => {
    const ids = all({ q: "message", command: "STOP" });
    expect(ids.length).toBeGreaterThan(5);
    expect(ids).toEqual(byArrival(expected((row) => row.command === "STOP")));
    const first = inboxPage(t.db, { q: "reply" }, 10);
    const second = inboxPage(t.db, { q: "reply", before: first.older! }, 10);
    expect(second.rows.every((row) => row.id < first.rows.at(-1)!.id)).toBe(true);
    expect(inboxPage(t.db, { q: "reply", after: second.newer! }, 10).rows.map((row) => row.id)).toEqual(first.rows.map((row) => row.id));
  });

  it("finds the one message a pasted Twilio SID names, whatever its case", () => {
    const sid = `SM${"ab12".repeat(8)}`;
    const { id } = add({ createdAt: new Date(start + 500 * HOUR), messageSid: sid, body: "nothing in common" });
    expect(all({ q: sid })).toEqual([id]);
    expect(all({ q: `  ${sid.toLowerCase()} ` })).toEqual([id]);
    expect(all({ q: sid, direction: "outbound" })).toEqual([]);
    expect(all({ q: `MM${"ab12".repeat(8)}` })).toEqual([]);
    // Not a SID (one digit short): words as usual.
    expect(messageSidIn(sid.slice(0, -1))).toBeNull();
  });

  it("treats search text as words, never as FTS syntax", () => {
    expect(ftsQuery('help" OR body:* NEAR(')).toBe('"help"* "OR"* "body"* "NEAR"*');
    expect(ftsQuery("  ")).toBeNull();
    expect(() => all({ q: '") OR 1=1 --' })).not.toThrow();
    expect(all({ q: "?!" })).toEqual([]);
  });

  it("pages back from an older page to exactly the rows seen before", () => {
    const first = inboxPage(t.db, {}, 10);
    const second = inboxPage(t.db, { before: first.older! }, 10);
    expect(second.newer).not.toBeNull();
    const back = inboxPage(t.db, { after: second.newer! }, 10);
    expect(back.rows.map((row) => row.id)).toEqual(first.rows.map((row) => row.id));
    expect(back.newer).toBeNull();
    expect(first.newer).toBeNull();
  });

  it("keeps pages stable while new messages arrive", () => {
    const seen: number[] = [];
    let cursor: Cursor | undefined;
    let arrivals = 0;
    for (;;) {
      const page = inboxPage(t.db, { before: cursor }, 9);
      seen.push(...page.rows.map((row) => row.id));
      // Someone writes while we read: new rows are newer than every cursor and never shift a page.
      add({ createdAt: new Date(start + 1000 * HOUR + arrivals++), body: "late arrival" });
      if (!page.older) break;
      cursor = page.older;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expected((row) => row.body !== "late arrival"));
  });
});
