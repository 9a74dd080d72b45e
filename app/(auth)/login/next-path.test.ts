import { describe, expect, it } from "vitest";
import { safeNextPath } from "./next-path";

describe("safeNextPath", () => {
  it.each([
    ["/inbox", "/inbox"],
    ["/inbox?direction=received", "/inbox?direction=received"],
    [undefined, "/"],
    ["https://evil.example/", "/"],
    ["//evil.example/", "/"],
    ["/\\evil.example", "/"],
    ["/login", "/"],
    ["/login?next=/inbox", "/"],
    // Browsers drop tabs and newlines and read "\" as "/": each of these would leave the site.
    ["/\t/evil.example/login", "/"],
    ["/\n/evil.example", "/"],
    ["/%09/evil.example", "/%09/evil.example"],
    ["/\t\\evil.example", "/"],
    ["/inbox\\..\\", "/"],
    ["/people/3?tab=records#top", "/people/3?tab=records#top"],
  ])("%s → %s", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });
});
