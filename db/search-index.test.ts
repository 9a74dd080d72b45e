import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDb, type TempDb } from "@/tests/support/db";
import { inTransaction } from "./client";
import { commitTogether } from "./group-commit";
import { insertMessage } from "./queries/messages";
import { indexWaitingMessages, verifySearchIndex } from "./search-index";

let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.close());

const store = (body: string) =>
  insertMessage(t.db, { direction: "inbound", fromAddress: "whatsapp:+15550001", toAddress: "whatsapp:+14155238886", body, status: "received", updatedAt: new Date() });
const search = (word: string) => t.db.$client.prepare("select rowid from messages_fts where messages_fts match ? order by rowid").pluck().all(word) as number[];
const waiting = () => t.db.$client.prepare("select id from messages_fts_pending order by id").pluck().all() as number[];
const indexMatchesMessages = () => expect(verifySearchIndex(t.db.$client)).toEqual({ intact: true, waiting: 0, problem: null });

describe("full-text index, filled once per transaction", () => {
  it("indexes a transaction's messages at its commit, not row by row", () => {
    const ids = inTransaction(t.db, () => {
      const written = [store("renewal form attached"), store("second renewal reminder")].map((message) => message.id);
      expect(waiting()).toEqual(written);
      expect(search("renewal")).toEqual([]);
      return written;
    });
    expect(waiting()).toEqual([]);
    expect(search("renewal")).toEqual(ids);
    indexMatchesMessages();
  });

  it("makes a message stored on its own searchable at once", () => {
    const { id } = store("quarterly declaration");
    expect(search("declaration")).toEqual([id]);
    expect(waiting()).toEqual([]);
  });

  it("indexes every message of a group commit, leaving out the piece that failed", async () => {
    const outcomes = await Promise.allSettled([
      commitTogether(t.db, () => store("alpha audit").id),
      commitTogether(t.db, () => {
        store("beta audit");
        throw new Error("this piece fails after writing");
      }),
      commitTogether(t.db, () => store("gamma audit").id),
    ]);
    const stored = outcomes.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value] : []));
    expect(stored).toHaveLength(2);
    expect(search("audit")).toEqual(stored);
    expect(search("beta")).toEqual([]);
    expect(waiting()).toEqual([]);
    indexMatchesMessages();
  });

  it("forgets a message deleted before its commit without corrupting the index", () => {
    const kept = inTransaction(t.db, () => {
      const doomed = store("temporary note");
      t.db.$client.prepare("delete from messages where id = ?").run(doomed.id);
      return store("lasting note").id;
    });
    expect(search("note")).toEqual([kept]);
    indexMatchesMessages();
  });

  it("follows deletes and body changes of indexed messages", () => {
    const first = store("original wording");
    const second = store("original text");
    t.db.$client.prepare("update messages set body = 'redacted' where id = ?").run(first.id);
    t.db.$client.prepare("delete from messages where id = ?").run(second.id);
    expect(waiting()).toEqual([first.id]);
    inTransaction(t.db, () => undefined);
    expect(search("original")).toEqual([]);
    expect(search("redacted")).toEqual([first.id]);
    indexMatchesMessages();
  });

  it("catches up rows another tool inserted straight into the file", () => {
    t.db.$client
      .prepare("insert into messages (direction, from_address, to_address, body, status, num_media, created_at, updated_at) values ('inbound', 'a', 'b', 'imported archive', 'received', 0, 0, 0)")
      .run();
    expect(search("archive")).toEqual([]);
    expect(verifySearchIndex(t.db.$client)).toMatchObject({ intact: false, waiting: 1 });
    expect(t.db.$client.transaction(() => indexWaitingMessages(t.db.$client))()).toBe(1);
    expect(search("archive")).toHaveLength(1);
    indexMatchesMessages();
  });

  it("reports an index that no longer matches the messages", () => {
    store("indexed words");
    // Bypass the triggers' bookkeeping: the index now holds a row the table does not.
    t.db.$client.prepare("insert into messages_fts (rowid, body) values (999, 'phantom')").run();
    expect(verifySearchIndex(t.db.$client)).toMatchObject({ intact: false, waiting: 0 });
  });

  it("leaves nothing waiting when a transaction rolls back", () => {
    expect(() =>
      inTransaction(t.db, () => {
        store("never committed");
        throw new Error("rolled back");
      }),
    ).toThrow("rolled back");
    expect(waiting()).toEqual([]);
    expect(search("committed")).toEqual([]);
  });
});
