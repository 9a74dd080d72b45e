import { describe, expect, it } from "vitest";
import { jobStatusCallbackUrl, sendCallbackBase } from "./callback-url";

const LOCAL = "http://127.0.0.1:3000";

describe("where a REST send's statuses are posted", () => {
  it("is PUBLIC_BASE_URL whenever it is set", () => {
    expect(sendCallbackBase("https://sb.example.com/app", "live", LOCAL, { twilioReachesUsAt: "https://other.example" })).toBe("https://sb.example.com/app");
    expect(sendCallbackBase("https://sb.example.com", "simulator", LOCAL, { twilioReachesUsAt: "" })).toBe("https://sb.example.com");
  });

  it("is this server in simulator mode, where Twilio runs beside it", () => {
    expect(sendCallbackBase(undefined, "simulator", LOCAL, { twilioReachesUsAt: "" })).toBe(LOCAL);
  });

  it("live without PUBLIC_BASE_URL: where Twilio's signed webhooks reached us, never loopback, else none", () => {
    expect(sendCallbackBase(undefined, "live", LOCAL, { twilioReachesUsAt: "https://abc.ngrok.app" })).toBe("https://abc.ngrok.app");
    expect(sendCallbackBase(undefined, "live", LOCAL, { twilioReachesUsAt: "" })).toBeNull();
    // Learned while the simulator (on this machine) signed the webhooks, before live credentials were set.
    expect(sendCallbackBase(undefined, "live", LOCAL, { twilioReachesUsAt: LOCAL })).toBeNull();
    expect(sendCallbackBase(undefined, "live", LOCAL, { twilioReachesUsAt: "http://192.168.1.20:3000" })).toBeNull();
  });

  it("names the job on the Settings status URL, token included", () => {
    expect(jobStatusCallbackUrl("https://sb.example.com/app", { webhookTokenEnabled: true, webhookToken: "t0k" }, "job-1")).toBe("https://sb.example.com/app/api/twilio/status?token=t0k&job=job-1");
  });
});
