import { describe, expect, it } from "vitest";
import { relativeTime } from "./time-ago";

const now = new Date("2026-11-25T12:00:00Z");
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

describe("relativeTime", () => {
  it("never says more time is left than there is", () => {
    expect(relativeTime(at(91), now)).toBe("in 1 hour");
    expect(relativeTime(at(23 * 60 + 31), now)).toBe("in 23 hours");
    expect(relativeTime(at(24 * 60), now)).toBe("tomorrow");
  });

  it("rounds the past to the nearest unit, and calls the last seconds just now", () => {
    expect(relativeTime(at(-91), now)).toBe("2 hours ago");
    expect(relativeTime(at(-3), now)).toBe("3 minutes ago");
    expect(relativeTime(new Date(now.getTime() - 5_000), now)).toBe("just now");
  });
});
