import { describe, expect, it } from "vitest";
import { InFlightLimiter } from "./load-shedding";

describe("InFlightLimiter", () => {
  it("admits up to its limit, sheds beyond it, and admits again as requests finish", () => {
    const limiter = new InFlightLimiter(2);
    expect([limiter.tryEnter(), limiter.tryEnter(), limiter.tryEnter()]).toEqual([true, true, false]);
    expect(limiter.current).toBe(2);
    limiter.leave();
    expect(limiter.tryEnter()).toBe(true);
    expect(limiter.tryEnter()).toBe(false);
    expect(limiter.takeShedCount()).toBe(2);
  });

  it("reports shed requests once per interval, then starts counting afresh", () => {
    const limiter = new InFlightLimiter(0);
    limiter.tryEnter();
    limiter.tryEnter();
    expect(limiter.takeShedCount()).toBe(2);
    expect(limiter.takeShedCount()).toBe(0);
  });

  it("never counts below zero when a request leaves twice", () => {
    const limiter = new InFlightLimiter(1);
    limiter.tryEnter();
    limiter.leave();
    limiter.leave();
    expect(limiter.current).toBe(0);
    expect(limiter.tryEnter()).toBe(true);
    expect(limiter.tryEnter()).toBe(false);
  });
});
