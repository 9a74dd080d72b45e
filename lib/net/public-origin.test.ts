import { describe, expect, it } from "vitest";
import { reachableFromInternet } from "./public-origin";

describe("reachableFromInternet", () => {
  it("accepts public names and addresses", () => {
    for (const origin of ["https://switchboard.example.com", "https://abc.ngrok.app", "http://203.0.113.10:8080", "https://[2001:db8::1]"]) expect(reachableFromInternet(origin), origin).toBe(true);
  });

  it("refuses loopback, private, link-local and local-only names", () => {
    for (const origin of [
      "http://127.0.0.1:3000", "http://localhost:3000", "http://app.localhost", "http://[::1]:3000", "http://[::ffff:127.0.0.1]", "http://0.0.0.0:3000",
      "http://10.1.2.3", "http://172.20.0.5", "http://192.168.1.20:3000", "http://169.254.1.1", "http://[fd00::5]", "http://[fe80::1]",
      "http://switchboard.local", "http://intranet", "not a url",
    ]) expect(reachableFromInternet(origin), origin).toBe(false);
  });
});
