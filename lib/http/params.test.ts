import { describe, expect, it } from "vitest";
import { utcDayParam } from "./params";

describe("a day in a URL", () => {
  it("is a real calendar day as YYYY-MM-DD, or none", () => {
    expect(utcDayParam.parse("2026-02-28")).toBe("2026-02-28");
    expect(utcDayParam.parse("2028-02-29")).toBe("2028-02-29");
    // Date.parse reads these as 3 March and 1 May: a filter would silently mean another day.
    expect(utcDayParam.parse("2026-02-31")).toBeUndefined();
    expect(utcDayParam.parse("2026-04-31")).toBeUndefined();
    expect(utcDayParam.parse("2026-13-01")).toBeUndefined();
    expect(utcDayParam.parse("26-02-01")).toBeUndefined();
    expect(utcDayParam.parse(undefined)).toBeUndefined();
  });
});
