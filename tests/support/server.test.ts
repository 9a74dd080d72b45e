import { afterEach, describe, expect, it } from "vitest";
import { serverEnv, UNREACHABLE_TWILIO } from "./server";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe("the environment a test server starts with", () => {
  it("drops the app's variables from the developer's shell and keeps the tools'", () => {
    Object.assign(process.env, { TRUST_PROXY: "true", PUBLIC_BASE_URL: "https://real.example", TWILIO_ACCOUNT_SID: `AC${"1".repeat(32)}`, TWILIO_AUTH_TOKEN: "x".repeat(32), MAX_IN_FLIGHT: "1", SOME_TOOL: "kept" });
    const env = serverEnv({ PORT: "4123" });
    for (const name of ["TRUST_PROXY", "PUBLIC_BASE_URL", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "MAX_IN_FLIGHT", "TWILIO_API_BASE"]) expect(env[name], name).toBeUndefined();
    expect(env).toMatchObject({ PORT: "4123", SOME_TOOL: "kept", NODE_ENV: "production", PATH: process.env.PATH });
  });

  it("points live test credentials at a closed port unless the test names an API base", () => {
    const live = { TWILIO_ACCOUNT_SID: `AC${"2".repeat(32)}`, TWILIO_AUTH_TOKEN: "y".repeat(32) };
    expect(serverEnv(live).TWILIO_API_BASE).toBe(UNREACHABLE_TWILIO);
    expect(serverEnv({ ...live, TWILIO_API_BASE: "http://127.0.0.1:4999" }).TWILIO_API_BASE).toBe("http://127.0.0.1:4999");
  });
});
