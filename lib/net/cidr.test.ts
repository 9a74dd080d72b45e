import { describe, expect, it } from "vitest";
import { compileAllowList, InvalidCidrError, isAllowed, parseCidr } from "./cidr";

describe("IP allow-list", () => {
  const list = compileAllowList(["203.0.113.0/24", "198.51.100.7", "2001:db8::/32"]);

  it.each([
    ["203.0.113.200", true],
    ["::ffff:203.0.113.9", true],
    ["198.51.100.7", true],
    ["198.51.100.8", false],
    ["2001:db8:1::5", true],
    ["2001:db9::1", false],
    ["unknown", false],
  ])("%s allowed: %s", (ip, expected) => {
    expect(isAllowed(list, ip)).toBe(expected);
  });

  it("canonicalises and rejects entries", () => {
    expect(parseCidr(" 10.0.0.1 ")).toBe("10.0.0.1/32");
    expect(parseCidr("2001:db8::/48")).toBe("2001:db8::/48");
    for (const bad of ["10.0.0.0/33", "10.0.0/8", "example.com", "10.0.0.0/8/1", "10.0.0.0/x"]) expect(() => parseCidr(bad)).toThrow(InvalidCidrError);
  });
});
