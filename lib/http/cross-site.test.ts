import { describe, expect, it } from "vitest";
import { crossSiteRefusal, ownHosts } from "./cross-site";

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null });
const OWN = ["sb.example.com", "127.0.0.1:3000"];

describe("crossSiteRefusal", () => {
  it("lets reads through whatever their origin", () => {
    expect(crossSiteRefusal("GET", headers({ origin: "https://evil.example" }), OWN)).toBeNull();
    expect(crossSiteRefusal("HEAD", headers({ "sec-fetch-site": "cross-site" }), OWN)).toBeNull();
  });

  it("lets a POST from our own origins through, and one without Origin (not a browser)", () => {
    expect(crossSiteRefusal("POST", headers({ origin: "https://sb.example.com" }), OWN)).toBeNull();
    expect(crossSiteRefusal("POST", headers({ origin: "http://127.0.0.1:3000" }), OWN)).toBeNull();
    expect(crossSiteRefusal("POST", headers({}), OWN)).toBeNull();
  });

  it.each([
    [{ origin: "https://evil.example" }, "request from origin https://evil.example"],
    [{ origin: "null" }, "request from origin null"],
    [{ origin: "https://sb.example.com.evil.example" }, "request from origin https://sb.example.com.evil.example"],
    [{ origin: "http://127.0.0.1:3001" }, "request from origin http://127.0.0.1:3001"],
    [{ "sec-fetch-site": "cross-site" }, "cross-site request (Sec-Fetch-Site)"],
  ])("refuses a state change from %j", (given, reason) => {
    expect(crossSiteRefusal("POST", headers(given), OWN)).toBe(reason);
    expect(crossSiteRefusal("DELETE", headers(given), OWN)).toBe(reason);
  });
});

describe("ownHosts", () => {
  it("is the addressed host (the trusted forwarded one first) and PUBLIC_BASE_URL's", () => {
    expect(ownHosts(headers({ host: "127.0.0.1:3000" }), "https://SB.example.com")).toEqual(["127.0.0.1:3000", "sb.example.com"]);
    expect(ownHosts(headers({ host: "10.0.0.5", "x-forwarded-host": "sb.example.com, other" }), undefined)).toEqual(["sb.example.com"]);
  });
});
