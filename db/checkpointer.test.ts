import { rmSync, statSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDb, type TempDb } from "@/tests/support/db";
import { DEFAULT_AUTOCHECKPOINT_PAGES, failureReporter, SAFETY_NET_AUTOCHECKPOINT_PAGES, startCheckpointer } from "./checkpointer";

let t: TempDb;
beforeEach(() => {
  t = tempDb();
  t.db.$client.exec("create table blobs (id integer primary key, data blob not null)");
});
afterEach(() => t.close());

const autocheckpoint = () => t.db.$client.pragma("wal_autocheckpoint", { simple: true }) as number;
/** About `pages` WAL pages of new rows, written in small transactions as the webhooks do. */
function write(pages: number) {
  const insert = t.db.$client.prepare("insert into blobs (data) values (randomblob(3500))");
  for (let i = 0; i < pages; i++) insert.run();
}

describe("startCheckpointer", () => {
  it("copies the serving connection's WAL into the database file from another thread", async () => {
    const checkpointer = startCheckpointer(t.db.$client, { intervalMs: 20 });
    try {
      expect(autocheckpoint()).toBe(SAFETY_NET_AUTOCHECKPOINT_PAGES);
      const before = statSync(t.file).size;
      // Fewer pages than the safety net: this connection alone would never checkpoint them.
      write(1500);
      // A report queued while the writes were still running may lag them: wait for one that has
      // caught up with the whole log.
      let report = await checkpointer.next();
      while (report.checkpointed < 1500 || report.checkpointed < report.log) report = await checkpointer.next();
      expect(report.checkpointed).toBe(report.log);
      expect(statSync(t.file).size - before).toBeGreaterThan(1500 * 3500);
      expect(t.db.$client.prepare("select count(*) from blobs").pluck().get()).toBe(1500);
      expect(t.db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      await checkpointer.stop();
    }
  });

  it("gives the serving connection SQLite's default back when it stops", async () => {
    const checkpointer = startCheckpointer(t.db.$client, { intervalMs: 20 });
    await checkpointer.next();
    await checkpointer.stop();
    expect(autocheckpoint()).toBe(DEFAULT_AUTOCHECKPOINT_PAGES);
  });

  it("hands checkpoints back to the serving connection when the thread cannot start", async () => {
    const errors: string[] = [];
    // The thread opens the database by name and insists it exists: a file gone from disk fails it.
    rmSync(t.file);
    const checkpointer = startCheckpointer(t.db.$client, { intervalMs: 10, onError: (message) => errors.push(message) });
    await expect.poll(() => errors.length).toBe(1);
    expect(errors[0]).toMatch(/unable to open|directory does not exist|not exist/i);
    await expect.poll(autocheckpoint).toBe(DEFAULT_AUTOCHECKPOINT_PAGES);
    await checkpointer.stop();
  });
});

describe("failureReporter", () => {
  it("reports a repeating failure once, a different one at once, and the same one again after a success", () => {
    const reported: string[] = [];
    const report = failureReporter((message) => reported.push(message));
    for (const failure of ["disk I/O error", "disk I/O error", "disk I/O error"]) report(failure);
    expect(reported).toEqual(["disk I/O error"]);
    report("database is locked");
    expect(reported).toEqual(["disk I/O error", "database is locked"]);
    report(null);
    report("database is locked");
    report(null);
    report(null);
    expect(reported).toEqual(["disk I/O error", "database is locked", "database is locked"]);
  });
});
