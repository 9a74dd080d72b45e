import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDb, type TempDb } from "@/tests/support/db";
import { inTransaction } from "./client";
import { commitTogether } from "./group-commit";

let t: TempDb;
beforeEach(() => {
  t = tempDb();
  t.db.$client.exec("create table notes (id integer primary key, text text not null unique)");
});
afterEach(() => t.close());

const texts = () => (t.db.$client.prepare("select text from notes order by id").pluck().all() as string[]);
const insert = (text: string) => () => Number(t.db.$client.prepare("insert into notes (text) values (?)").run(text).lastInsertRowid);

describe("commitTogether", () => {
  it("commits writes submitted in the same turn in one transaction, each answered with its own result", async () => {
    const reader = new (t.db.$client.constructor as typeof import("better-sqlite3"))(t.file);
    const seenByOthers: number[] = [];
    const ids = await Promise.all(
      ["a", "b", "c"].map((text) =>
        commitTogether(t.db, () => {
          const id = insert(text)();
          seenByOthers.push(reader.prepare("select count(*) from notes").pluck().get() as number);
          return id;
        }),
      ),
    );
    reader.close();
    expect(ids).toEqual([1, 2, 3]);
    expect(texts()).toEqual(["a", "b", "c"]);
    // Had each write committed on its own, another connection would have seen 0, 1 and 2 rows.
    expect(seenByOthers).toEqual([0, 0, 0]);
  });

  it("resolves only once the transaction has committed", async () => {
    const pending = commitTogether(t.db, insert("later"));
    expect(t.db.$client.inTransaction).toBe(false);
    expect(texts()).toEqual([]);
    await pending;
    expect(t.db.$client.inTransaction).toBe(false);
    expect(texts()).toEqual(["later"]);
  });

  it("rolls back only the piece of work that throws, keeping the others", async () => {
    const results = await Promise.allSettled([
      commitTogether(t.db, insert("first")),
      commitTogether(t.db, () => {
        insert("half-written")();
        throw new Error("boom");
      }),
      commitTogether(t.db, insert("third")),
    ]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(texts()).toEqual(["first", "third"]);
  });

  it("keeps a nested block's half-written rows out even when its caller catches the failure", async () => {
    const results = await Promise.all([
      commitTogether(t.db, insert("before")),
      commitTogether(t.db, () => {
        insert("outer")();
        try {
          inTransaction(t.db, () => {
            insert("half-written")();
            throw new Error("boom");
          });
        } catch {
          // The caller recovers and carries on, relying on the nested block having rolled back.
        }
        return insert("after")();
      }),
    ]);
    expect(results).toHaveLength(2);
    expect(texts()).toEqual(["before", "outer", "after"]);
    expect(t.db.$client.inTransaction).toBe(false);
  });

  it("lets a later write in the batch see an earlier one, so a retry inside the batch is a duplicate", async () => {
    const [, second] = await Promise.allSettled([commitTogether(t.db, insert("same")), commitTogether(t.db, insert("same"))]);
    expect(second.status).toBe("rejected");
    expect(texts()).toEqual(["same"]);
  });

  it("stores nothing and rejects every caller when the commit cannot happen", async () => {
    const other = new (t.db.$client.constructor as typeof import("better-sqlite3"))(t.file);
    other.pragma("busy_timeout = 0");
    t.db.$client.pragma("busy_timeout = 0");
    other.exec("begin immediate");
    const results = await Promise.allSettled([commitTogether(t.db, insert("x")), commitTogether(t.db, insert("y"))]);
    other.exec("rollback");
    other.close();
    expect(results.every((result) => result.status === "rejected")).toBe(true);
    expect(texts()).toEqual([]);
  });
});
