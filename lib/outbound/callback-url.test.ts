import { describe, expect, it } from "vitest";
import { jobStatusCallbackUrl, sendCallbackBase } from "./callback-url";

const LOCAL = "http://127.0.0.1:3000";

describe("where a REST send's statuses are posted", () => {
  it("is PUBLIC_BASE_URL whenever it is set", () => {
    expect(sendCallbackBase({ publicBaseUrl: "https://sb.example.com/app" }, "live", LOCAL, { twilioReachesUsAt: "https://other.example" })).toBe("https://sb.example.com/app");
    expect(sendCallbackBase({ publicBaseUrl: "https://sb.example.com" }, "simulator", LOCAL, { twilioReachesUsAt: "" })).toBe("https://sb.example.com");
  });

  it("is this server in simulator mode, where Twilio runs beside it", () => {
    expect(sendCallbackBase({}, "simulator", LOCAL, { twilioReachesUsAt: "" })).toBe(LOCAL);
  });

  it("live without PUBLIC_BASE_URL: where Twilio's signed webhooks reached us, never loopback, else none", () => {
    expect(sendCallbackBase({}, "live", LOCAL, { twilioReachesUsAt: "https://abc.ngrok.app" })).toBe("https://abc.ngrok.app");
    expect(sendCallbackBase({}, "live", LOCAL, { twilioReachesUsAt: "" })).toBeNull();
    // Learned while the simulator (on this machine) signed the webhooks, before live credentials were set.
    expect(sendCallbackBase({}, "live", LOCAL, { twilioReachesUsAt: LOCAL })).toBeNull();
    expect(sendCallbackBase({}, "live", LOCAL, { twilioReachesUsAt: "http://192.168.1.20:3000" })).toBeNull();
    expect(sendCallbackBase({ twilioApiBase: "https://twilio-proxy.example.com" }, "live", LOCAL, { twilioReachesUsAt: LOCAL })).toBeNull();
  });

  it("live against a Twilio on this machine or network (an emulator at TWILIO_API_BASE), local origins are fine", () => {
    expect(sendCallbackBase({ twilioApiBase: "http://127.0.0.1:3999" }, "live", LOCAL, { twilioReachesUsAt: LOCAL })).toBe(LOCAL);
    expect(sendCallbackBase({ twilioApiBase: "http://10.0.0.7:3999" }, "live", LOCAL, { twilioReachesUsAt: "http://10.0.0.5:3000" })).toBe("http://10.0.0.5:3000");
  });

  it("names the job on the Settings status URL, token included", () => {
    expect(jobStatusCallbackUrl("https://sb.example.com/app", { webhookTokenEnabled: true, webhookToken: "t0k" }, "job-1")).toBe("https://sb.example.com/app/api/twilio/status?token=t0k&job=job-1");
  });
});
