import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tempDb, type TempDb } from "@/tests/support/db";

let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => {
  vi.restoreAllMocks();
  t.close();
});

/** The memo's age bound reads performance.now(): held still, a slow machine cannot age it mid-test. */
const clock = { at: 1_000_000 };
function holdClock() {
  vi.spyOn(performance, "now").mockImplementation(() => clock.at);
}

describe("versioned caches", () => {
  it("see a write announced by another copy of the module (Next loads one per route layer)", async () => {
    const first = await import("./versioned");
    vi.resetModules();
    const second = await import("./versioned");
    expect(second).not.toBe(first);

    let loads = 0;
    const read = first.versioned(() => ++loads);
    expect(read(t.db)).toBe(1);
    expect(read(t.db)).toBe(1);
    second.invalidateLocalCaches();
    expect(read(t.db)).toBe(2);
  });

  /** A cache that counts its loads, loaded once, then a commit by a second connection to the same file. */
  async function cacheThenForeignCommit(key: string) {
    const { versioned } = await import("./versioned");
    const { openDatabase } = await import("@/db/client");
    let loads = 0;
    holdClock();
    const read = versioned(() => ++loads);
    read(t.db);
    const other = openDatabase(t.file);
    other.$client.prepare("insert into settings (key, value, updated_at) values (?, '1', 0)").run(key);
    other.$client.close();
    return read;
  }

  it("see commits made by other connections from the next turn of the event loop", async () => {
    const read = await cacheThenForeignCommit("x");
    // data_version is read once per turn: within this one the commit is not seen yet.
    expect(read(t.db)).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(read(t.db)).toBe(2);
    expect(read(t.db)).toBe(2);
  });

  it("see another connection's commit after a short while even within one long turn", async () => {
    const read = await cacheThenForeignCommit("y");
    expect(read(t.db)).toBe(1);
    // A synchronous stretch longer than the memo's age bound: the turn never ends, the counter is reread.
    clock.at += 60;
    expect(read(t.db)).toBe(2);
  });
});
