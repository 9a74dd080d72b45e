import { describe, expect, it } from "vitest";
import { clientIp, pageIsHttps, requestOrigin, servedOverHttps } from "./forwarded";

const headers = (values: Record<string, string>) => new Headers(values);

describe("forwarded headers", () => {
  it("takes the address the nearest proxy (or the socket) appended", () => {
    expect(clientIp(headers({ "x-forwarded-for": "198.51.100.1, 203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientIp(headers({}))).toBe("unknown");
  });

  it("builds the origin from forwarded proto and host", () => {
    expect(requestOrigin(headers({ "x-forwarded-proto": "https", "x-forwarded-host": "sb.example.com", host: "internal:3000" }))).toBe("https://sb.example.com");
    expect(requestOrigin(headers({ host: "localhost:3000" }))).toBe("http://localhost:3000");
  });

  it("counts a request as https when the trusted proxy says so or PUBLIC_BASE_URL is https", () => {
    expect(servedOverHttps(headers({ "x-forwarded-proto": "https", host: "internal:3000" }), undefined)).toBe(true);
    expect(servedOverHttps(headers({ host: "internal:3000" }), "https://sb.example.com")).toBe(true);
    expect(servedOverHttps(headers({ host: "internal:3000" }), "http://sb.example.com")).toBe(false);
    expect(servedOverHttps(headers({ "x-forwarded-proto": "http", host: "internal:3000" }), undefined)).toBe(false);
  });

  it("takes the page's scheme from its Origin or from the trusted proxy, not from PUBLIC_BASE_URL", () => {
    expect(pageIsHttps(headers({ origin: "https://sb.example.com", host: "internal:3000" }))).toBe(true);
    expect(pageIsHttps(headers({ "x-forwarded-proto": "https", host: "internal:3000" }))).toBe(true);
    expect(pageIsHttps(headers({ origin: "http://192.168.1.20:3000", host: "192.168.1.20:3000" }))).toBe(false);
    expect(pageIsHttps(headers({ host: "internal:3000" }))).toBe(false);
  });
});
