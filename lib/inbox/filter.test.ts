import { describe, expect, it } from "vitest";
import { BUILT_IN_COMMANDS, commandChoices, numberProblem, parseInboxSearch, toFilter } from "./filter";

describe("inbox filters", () => {
  it("offers a command from the URL even after its rule is gone, so other filters do not drop it", () => {
    expect(commandChoices(["RULE:OFFICE HOURS"], "RULE:OLD")).toEqual([...BUILT_IN_COMMANDS, "RULE:OFFICE HOURS", "RULE:OLD"]);
    expect(commandChoices(["RULE:OFFICE HOURS"], "STATUS")).toEqual([...BUILT_IN_COMMANDS, "RULE:OFFICE HOURS"]);
    expect(commandChoices([], undefined)).toEqual([...BUILT_IN_COMMANDS]);
  });

  it("filters by the digits of a number, whole or part, and says when there are too few", () => {
    expect(toFilter(parseInboxSearch({ number: "+91 98123 45678" })).numberDigits).toBe("919812345678");
    expect(toFilter(parseInboxSearch({ number: "5678" })).numberDigits).toBe("5678");
    expect(numberProblem(parseInboxSearch({ number: "5678" }))).toBeNull();
    expect(toFilter(parseInboxSearch({ number: "+9" })).numberDigits).toBeUndefined();
    expect(numberProblem(parseInboxSearch({ number: "+9" }))).toBe("Enter at least 3 digits of the number.");
    expect(numberProblem(parseInboxSearch({}))).toBeNull();
  });

  it("takes a date range typed the wrong way round as the days between", () => {
    const search = parseInboxSearch({ from: "2026-11-27", to: "2026-11-20" });
    expect(search).toMatchObject({ from: "2026-11-20", to: "2026-11-27" });
    expect(toFilter(search)).toMatchObject({ from: new Date("2026-11-20T00:00:00Z"), to: new Date("2026-11-28T00:00:00Z") });
  });
});
