import { describe, expect, it } from "vitest";
import { plural } from "./text";

describe("plural", () => {
  it("keeps one singular and everything else plural", () => {
    expect(plural(1, "day")).toBe("1 day");
    expect(plural(2, "day")).toBe("2 days");
    expect(plural(0, "day")).toBe("0 days");
    expect(plural(1, "pending declaration")).toBe("1 pending declaration");
  });
});
