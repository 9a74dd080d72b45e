/**
 * The client address over real HTTP: without TRUST_PROXY the production server takes it from the
 * socket whatever X-Forwarded-For a caller sends, so neither the webhook IP allow-list nor sign-in
 * throttling can be talked round by a spoofed header. A TRUST_PROXY server is the control: there the
 * same header is believed, which proves the requests below would be told apart if it were.
 */
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { updateSettings } from "@/lib/settings";
import { encodeForm } from "@/lib/twilio/form";
import { actionNamed, callAction } from "../support/app-surface";
import { startServer, type RunningServer } from "../support/server";
import { inboundParams } from "../support/twilio-fixtures";

const AUTH_TOKEN = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const PUBLIC = "https://switchboard.example.com";
const ALLOWED = "203.0.113.0/24";
const ALLOWED_IP = "203.0.113.7";

let direct: RunningServer;
let proxied: RunningServer;

beforeAll(async () => {
  const env = { ADMIN_EMAIL: "", ADMIN_PASSWORD: "", PUBLIC_BASE_URL: PUBLIC, TWILIO_ACCOUNT_SID: `AC${"4".repeat(32)}`, TWILIO_AUTH_TOKEN: AUTH_TOKEN };
  [direct, proxied] = await Promise.all([startServer(env), startServer({ ...env, TRUST_PROXY: "true" })]);
  for (const server of [direct, proxied]) {
    const db = openDatabase(server.databasePath);
    updateSettings(db, { id: null, label: "test" }, { incomingEnabled: true, cooldownSeconds: 0, ipAllowList: [ALLOWED] });
    db.$client.close();
  }
});
afterAll(async () => {
  await Promise.all([direct?.stop(), proxied?.stop()]);
});

function query<T>(server: RunningServer, sql: string): T[] {
  const db = openDatabase(server.databasePath);
  try {
    return db.$client.prepare(sql).all() as T[];
  } finally {
    db.$client.close();
  }
}

/** Signed exactly as Twilio signs it, from this (loopback) host, claiming to come from an allowed address. */
async function webhookClaimingAllowedIp(server: RunningServer) {
  const path = "/api/twilio/incoming";
  const params = inboundParams({ Body: "HELP", From: "whatsapp:+919811100001" });
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC}${path}`, params),
      "x-forwarded-for": ALLOWED_IP,
    },
    body: encodeForm(params),
  });
  return { status: response.status, text: await response.text() };
}

describe("the webhook IP allow-list", () => {
  it("refuses a signed webhook from outside the list even when it claims an allowed X-Forwarded-For", async () => {
    const response = await webhookClaimingAllowedIp(direct);
    expect(response).toEqual({ status: 403, text: "Forbidden: IP address not allowed" });
    const [logged] = query<{ detail: string }>(direct, "select detail from error_log where reason = 'IP address not allowed'");
    expect(logged?.detail).toMatch(/^request from (::ffff:)?127\.0\.0\.1$/);
  });

  it("believes the header behind a trusted proxy (TRUST_PROXY=true)", async () => {
    const response = await webhookClaimingAllowedIp(proxied);
    expect(response.status).toBe(200);
    expect(response.text).toMatch(/<Response><Message[^>]*>Commands you can send:/);
  });
});

describe("sign-in throttling", () => {
  /**
   * Six wrong sign-ins, each for a different email (so only the address can add them up) and each
   * claiming a different X-Forwarded-For, through the real sign-in server action.
   */
  async function sixWrongSignIns(server: RunningServer): Promise<unknown[]> {
    const signIn = actionNamed("signInAction");
    const results: unknown[] = [];
    for (let i = 1; i <= 6; i++) {
      const form = new FormData();
      form.set("email", `guess-${i}@example.com`);
      form.set("password", `wrong-password-${i}`);
      const response = await callAction(server.baseUrl, { id: signIn.id, page: "/login", args: [{}, form], headers: { "x-forwarded-for": `198.51.100.${i}` } });
      results.push(response.result);
    }
    return results;
  }

  it("counts failures by the socket's address, not the spoofed X-Forwarded-For", async () => {
    const results = await sixWrongSignIns(direct);
    for (const [i, result] of results.slice(0, 5).entries()) expect(result).toEqual({ error: "Wrong email or password.", email: `guess-${i + 1}@example.com` });
    expect(results[5]).toEqual({ error: "Too many failed sign-in attempts. Try again in 15 minutes.", email: "guess-6@example.com" });
    expect(query<{ ip: string }>(direct, "select distinct ip from login_attempts")).toEqual([{ ip: expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/) }]);
  });

  it("counts them by the forwarded address behind a trusted proxy, where six addresses are six clients", async () => {
    const results = await sixWrongSignIns(proxied);
    expect(results.map((result) => (result as { error?: string }).error)).toEqual(Array(6).fill("Wrong email or password."));
    expect(query<{ ip: string }>(proxied, "select ip from login_attempts order by id").map((row) => row.ip)).toEqual([1, 2, 3, 4, 5, 6].map((i) => `198.51.100.${i}`));
  });
});
