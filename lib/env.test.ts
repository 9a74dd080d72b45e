import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

function errorOf(source: Record<string, string>): string {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.message;
    throw error;
  }
  throw new Error("expected an EnvError");
}

describe("parseEnv", () => {
  it("gives every variable a sensible default", () => {
    const env = parseEnv({});
    expect(env).toEqual({
      port: 3000,
      databasePath: "./data/switchboard.db",
      publicBaseUrl: undefined,
      twilio: undefined,
      twilioWhatsappFrom: undefined,
      twilioApiBase: undefined,
      twilioTimeoutMs: 15_000,
      admin: undefined,
      sessionSecret: undefined,
      trustProxy: false,
      maxInFlight: 512,
    });
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ PORT: "", PUBLIC_BASE_URL: " ", TRUST_PROXY: "" }).port).toBe(3000);
  });

  it("reads a full configuration", () => {
    const env = parseEnv({
      PORT: "8080",
      DATABASE_PATH: "/var/lib/switchboard/db.sqlite",
      PUBLIC_BASE_URL: "https://switchboard.example.com/",
      TWILIO_ACCOUNT_SID: `AC${"a".repeat(32)}`,
      TWILIO_AUTH_TOKEN: "f".repeat(32),
      TWILIO_WHATSAPP_FROM: "whatsapp:+14155238886",
      TWILIO_API_BASE: "http://127.0.0.1:3999",
      TWILIO_TIMEOUT_MS: "2500",
      ADMIN_EMAIL: "Boss@Example.com",
      ADMIN_PASSWORD: "long-enough",
      SESSION_SECRET: "s".repeat(32),
      TRUST_PROXY: "true",
      MAX_IN_FLIGHT: "64",
    });
    expect(env.port).toBe(8080);
    expect(env.publicBaseUrl).toBe("https://switchboard.example.com");
    expect(env.twilio).toEqual({ accountSid: `AC${"a".repeat(32)}`, authToken: "f".repeat(32) });
    expect(env.admin).toEqual({ email: "boss@example.com", password: "long-enough" });
    expect(env.trustProxy).toBe(true);
    expect(env.maxInFlight).toBe(64);
    expect(env.twilioTimeoutMs).toBe(2500);
  });

  it.each([
    [{ PORT: "abc" }, "Invalid environment: PORT must be a whole number between 1 and 65535"],
    [{ PORT: "70000" }, "Invalid environment: PORT must be a whole number between 1 and 65535"],
    [{ PUBLIC_BASE_URL: "switchboard.example.com" }, "Invalid environment: PUBLIC_BASE_URL must be an http(s) URL"],
    [{ PUBLIC_BASE_URL: "ftp://example.com" }, "Invalid environment: PUBLIC_BASE_URL must be an http(s) URL"],
    [{ PUBLIC_BASE_URL: "https://example.com/?x=1" }, "Invalid environment: PUBLIC_BASE_URL must be an http(s) URL"],
    [{ TWILIO_ACCOUNT_SID: "AC123", TWILIO_AUTH_TOKEN: "f".repeat(32) }, "Invalid environment: TWILIO_ACCOUNT_SID must look like"],
    [{ TWILIO_ACCOUNT_SID: `AC${"a".repeat(32)}` }, "Invalid environment: TWILIO_AUTH_TOKEN must be set together"],
    [{ TWILIO_WHATSAPP_FROM: "+14155238886" }, "Invalid environment: TWILIO_WHATSAPP_FROM must look like"],
    [{ ADMIN_EMAIL: "not-an-email", ADMIN_PASSWORD: "long-enough" }, "Invalid environment: ADMIN_EMAIL must be an email address"],
    [{ ADMIN_EMAIL: "a@example.com" }, "Invalid environment: ADMIN_PASSWORD must be set together"],
    [{ ADMIN_EMAIL: "a@example.com", ADMIN_PASSWORD: "short" }, "Invalid environment: ADMIN_PASSWORD must be at least 8 characters"],
    [{ SESSION_SECRET: "short" }, "Invalid environment: SESSION_SECRET must be at least 32 characters"],
    [{ TWILIO_TIMEOUT_MS: "20000" }, "Invalid environment: TWILIO_TIMEOUT_MS must be a whole number of milliseconds between 100 and 15000"],
    [{ TWILIO_TIMEOUT_MS: "1.5s" }, "Invalid environment: TWILIO_TIMEOUT_MS must be a whole number of milliseconds"],
    [{ TRUST_PROXY: "yes" }, 'Invalid environment: TRUST_PROXY must be "true" or "false"'],
    [{ MAX_IN_FLIGHT: "0" }, "Invalid environment: MAX_IN_FLIGHT must be a whole number of requests between 1 and 100000"],
    [{ MAX_IN_FLIGHT: "lots" }, "Invalid environment: MAX_IN_FLIGHT must be a whole number of requests between 1 and 100000"],
  ])("stops with one line naming the variable for %j", (source, expected) => {
    const message = errorOf(source);
    expect(message.startsWith(expected)).toBe(true);
    expect(message).not.toContain("\n");
  });
});
