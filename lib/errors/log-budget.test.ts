import { describe, expect, it } from "vitest";
import { LogBudget } from "./log-budget";

describe("LogBudget", () => {
  it("writes up to its budget per window and key, then counts what it skipped, reported once", () => {
    let now = 0;
    const budget = new LogBudget(2, 1000, () => now);
    expect([budget.take("a 403"), budget.take("a 403"), budget.take("a 403"), budget.take("a 403")].map((taken) => taken.write)).toEqual([true, true, false, false]);
    expect(budget.take("a 400")).toEqual({ write: true, skippedBefore: 0 });
    expect(budget.drainEnded()).toEqual([]);
    now = 1000;
    // The next refusal of that kind opens a new window and carries the count of the last one.
    expect(budget.take("a 403")).toEqual({ write: true, skippedBefore: 2 });
    now = 2500;
    budget.take("a 403");
    budget.take("a 403");
    expect(budget.take("a 403").write).toBe(false);
    now = 3500;
    // A flood that stopped is still told, once, by the periodic drain.
    expect(budget.drainEnded()).toEqual([{ key: "a 403", skipped: 1 }]);
    expect(budget.drainEnded()).toEqual([]);
    expect(budget.take("a 403")).toEqual({ write: true, skippedBefore: 0 });
  });
});
