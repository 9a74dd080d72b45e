import { describe, expect, it } from "vitest";
import { isBrowserNavigation } from "./navigation";

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null });
const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

describe("isBrowserNavigation", () => {
  it("trusts Sec-Fetch-Mode when the browser sends it", () => {
    expect(isBrowserNavigation(headers({ "sec-fetch-mode": "navigate", accept: BROWSER_ACCEPT }))).toBe(true);
    // A page's own fetch() asks for HTML sometimes, but it shows no page of its own.
    expect(isBrowserNavigation(headers({ "sec-fetch-mode": "cors", accept: "text/html" }))).toBe(false);
  });

  it("falls back to Accept where browsers send no Sec-Fetch headers (plain HTTP)", () => {
    expect(isBrowserNavigation(headers({ accept: BROWSER_ACCEPT }))).toBe(true);
    expect(isBrowserNavigation(headers({ accept: "*/*" }))).toBe(false);
    expect(isBrowserNavigation(headers({ accept: "application/json" }))).toBe(false);
    expect(isBrowserNavigation(headers({}))).toBe(false);
  });
});
