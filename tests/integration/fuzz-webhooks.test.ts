import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv, type Env } from "@/lib/env";
import { updateSettings } from "@/lib/settings";
import { encodeForm, formField, type FormParams } from "@/lib/twilio/form";
import { handleIncomingRequest, handleStatusRequest } from "@/lib/webhooks/handlers";
import { tempDb, type TempDb } from "../support/db";
import { FUZZ_RUNS, fuzzTimeout } from "../support/fuzz-budget";
import { forgery, inboundCase, rawBody, signatureFor, statusCase, type Forgery } from "../support/fuzz-inputs";
import { inboundParams } from "../support/twilio-fixtures";

const RUNS = FUZZ_RUNS.handlers;
const AUTH_TOKEN = "0123456789abcdef0123456789abcdef";
const PUBLIC = "https://sb.example.com";
const withPublicUrl = parseEnv({ TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`, TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL: PUBLIC });
// Without PUBLIC_BASE_URL the signed URL is built from the Host header, which an attacker controls.
const fromHostHeader = parseEnv({ TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`, TWILIO_AUTH_TOKEN: AUTH_TOKEN });
const admin = { id: null, label: "fuzz" };
// Thousands of cases take a few seconds alone, longer on a busy two-core machine.
const FUZZ_TIMEOUT = fuzzTimeout(60_000);
const REFUSAL = /^(Bad request|Forbidden|Payload too large|Unsupported media type): \S.{2,}/;

let t: TempDb;
beforeAll(() => {
  t = tempDb();
  updateSettings(t.db, admin, { incomingEnabled: true, cooldownSeconds: 0, dailyLimit: 1_000_000 });
});
afterAll(() => t.close());

type Handler = typeof handleIncomingRequest;
interface Sent { path: string; query?: string; body: string | Buffer; signature: string | null; env?: Env; headers?: Record<string, string> }

const counts = () => t.db.$client.prepare(`select
  (select count(*) from messages) as messages, (select count(*) from messages where direction = 'inbound') as inbound,
  (select count(*) from contacts) as contacts, (select count(*) from status_events) as statusEvents, (select count(*) from error_log) as errors`).get() as
  { messages: number; inbound: number; contacts: number; statusEvents: number; errors: number };

/** Calls the handler as the server would and checks the promise every answer keeps: 200 or a clear 4xx, and a 4xx stores nothing. */
async function send(handler: Handler, sent: Sent) {
  const before = counts();
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", host: "127.0.0.1:3000", ...sent.headers };
  if (sent.signature !== null) headers["x-twilio-signature"] = sent.signature;
  const request = new Request(`http://127.0.0.1:3000${sent.path}${sent.query ?? ""}`, { method: "POST", headers, body: typeof sent.body === "string" ? sent.body : new Uint8Array(sent.body) });
  const response = await handler(request, { db: t.db, env: sent.env ?? withPublicUrl });
  const text = await response.text();
  const after = counts();
  expect(response.status === 200 || (response.status >= 400 && response.status < 500), `status ${response.status}: ${text}`).toBe(true);
  if (response.status !== 200) {
    expect(text).toMatch(REFUSAL);
    expect({ ...after, errors: after.errors - 1 }).toEqual(before);
  } else expect(after.errors).toBe(before.errors);
  return { status: response.status, text, before, after };
}

const hex = (text: string) => Buffer.from(text, "utf8").toString("hex").toUpperCase();
const stored = (sid: string) => t.db.$client.prepare("select hex(body) as body, hex(profile_name) as profileName, typeof(profile_name) as nameType from messages where message_sid = ?").get(sid) as
  { body: string; profileName: string | null; nameType: string } | undefined;

/** Body and ProfileName as they went in, byte for byte (ProfileName is capped at 256 UTF-16 units, never mid-emoji). */
function expectStoredVerbatim(params: FormParams) {
  const sid = formField(params, "MessageSid") ?? formField(params, "SmsMessageSid") ?? formField(params, "SmsSid") ?? "";
  const row = stored(sid);
  expect(row).toBeDefined();
  expect(row!.body).toBe(hex(formField(params, "Body") ?? ""));
  const name = formField(params, "ProfileName") ?? "";
  if (name === "") expect(row!.nameType).toBe("null");
  else if (name.length <= 256) expect(row!.profileName).toBe(hex(name));
  else expect(hex(name).startsWith(row!.profileName ?? "-")).toBe(true);
}

describe("webhook handlers under fuzzing (in process, real SQLite)", () => {
  it("answers signed hostile messages with 200 and one verbatim row, or a clear 4xx and no row", async () => {
    const seen = { ok: 0, refused: 0 };
    await fc.assert(fc.asyncProperty(inboundCase, async ({ params }) => {
      const url = `${PUBLIC}/api/twilio/incoming`;
      const result = await send(handleIncomingRequest, { path: "/api/twilio/incoming", body: encodeForm(params), signature: signatureFor("valid", AUTH_TOKEN, url, params) });
      if (result.status === 200) {
        seen.ok++;
        expect(result.after.inbound).toBe(result.before.inbound + 1);
        expect(result.after.messages - result.before.messages).toBeLessThanOrEqual(2);
        expect(result.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response(\/>|>[\s\S]*<\/Response>)$/);
        expect(result.text).not.toMatch(/<script|<img/i);
        expectStoredVerbatim(params);
      } else {
        seen.refused++;
        expect([400, 413]).toContain(result.status);
      }
    }), { numRuns: RUNS.incoming });
    // The generator must exercise both outcomes, or the property proves little.
    expect(seen.ok).toBeGreaterThan(RUNS.incoming / 4);
    expect(seen.refused).toBeGreaterThan(RUNS.incoming / 20);
  }, FUZZ_TIMEOUT);

  it("answers signed hostile status callbacks with 200 and one event, or a clear 4xx and none", async () => {
    await fc.assert(fc.asyncProperty(statusCase, async (params) => {
      const url = `${PUBLIC}/api/twilio/status`;
      const result = await send(handleStatusRequest, { path: "/api/twilio/status", body: encodeForm(params), signature: signatureFor("valid", AUTH_TOKEN, url, params) });
      if (result.status === 200) expect(result.after.statusEvents).toBe(result.before.statusEvents + 1);
    }), { numRuns: RUNS.status });
  }, FUZZ_TIMEOUT);

  it("refuses forged, misdirected, unsigned and malformed requests with a 4xx and stores nothing", async () => {
    const hostHeader = fc.oneof(fc.constant("127.0.0.1:3000"), fc.string({ unit: "binary-ascii", maxLength: 30 }).filter((host) => /^[\x20-\x7e]+$/.test(host)));
    const attack = fc.oneof(
      fc.record({ kind: fc.constant("forgery" as const), handler: fc.boolean(), params: inboundCase.map((c) => c.params), forgery, host: hostHeader, publicUrl: fc.boolean() }),
      fc.record({ kind: fc.constant("raw" as const), handler: fc.boolean(), body: rawBody, forgery: fc.constantFrom<Forgery | "valid">("valid", "forged", "none"), contentType: fc.constantFrom("application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-8", "text/plain", "application/json", "") }),
    );
    await fc.assert(fc.asyncProperty(attack, async (input) => {
      const handler = input.handler ? handleIncomingRequest : handleStatusRequest;
      const path = input.handler ? "/api/twilio/incoming" : "/api/twilio/status";
      if (input.kind === "forgery") {
        const env = input.publicUrl ? withPublicUrl : fromHostHeader;
        const signedUrl = `${input.publicUrl ? PUBLIC : `http://${input.host}`}${path}`;
        const result = await send(handler, { path, body: encodeForm(input.params), signature: signatureFor(input.forgery, AUTH_TOKEN, signedUrl, input.params), env, headers: { host: input.host } });
        expect(result.status).not.toBe(200);
        return;
      }
      const params = Object.fromEntries(new URLSearchParams(input.body.toString("latin1")));
      const result = await send(handler, {
        path, body: input.body, signature: signatureFor(input.forgery, AUTH_TOKEN, `${PUBLIC}${path}`, params),
        headers: input.contentType ? { "content-type": input.contentType } : { "content-type": "" },
      });
      // A raw body can happen to be a valid, correctly signed callback; anything else must be refused.
      if (result.status === 200) expect(input.forgery).toBe("valid");
    }), { numRuns: RUNS.forgeries });
  }, FUZZ_TIMEOUT);

  it("refuses an old valid request replayed after the URL token was regenerated, and answers a true retry identically", async () => {
    const property = fc.asyncProperty(inboundCase.filter((c) => c.missing.length === 0), fc.constantFrom("as-sent", "new-token-old-signature", "resigned-old-token"), async ({ params }, replay) => {
      const oldToken = `old-${Math.random().toString(36).slice(2)}`;
      const newToken = `new-${Math.random().toString(36).slice(2)}`;
      updateSettings(t.db, admin, { webhookTokenEnabled: true, webhookToken: oldToken });
      const path = "/api/twilio/incoming";
      const oldQuery = `?token=${oldToken}`;
      const original = { path, query: oldQuery, body: encodeForm(params), signature: signatureFor("valid", AUTH_TOKEN, `${PUBLIC}${path}${oldQuery}`, params) };
      const first = await send(handleIncomingRequest, original);
      // Too large or malformed is refused before the token is even looked at; nothing to replay.
      if (first.status === 413 || first.text.includes("malformed body")) return;
      if (first.status === 200) {
        // Twilio's own retry, before any change: the stored answer again, nothing new.
        const retry = await send(handleIncomingRequest, original);
        expect(retry.status).toBe(200);
        expect(retry.text).toBe(first.text);
        expect(retry.after).toEqual(retry.before);
      }
      updateSettings(t.db, admin, { webhookToken: newToken });
      const newQuery = `?token=${newToken}`;
      const replayed =
        replay === "as-sent" ? original
        : replay === "new-token-old-signature" ? { ...original, query: newQuery }
        : { ...original, signature: signatureFor("valid", AUTH_TOKEN, `${PUBLIC}${path}${oldQuery}`, { ...params, Body: "replayed" }) };
      const result = await send(handleIncomingRequest, replayed);
      expect(result.status).toBe(403);
      expect(result.text).toMatch(replay === "new-token-old-signature" ? /invalid signature/ : /invalid URL token/);
    });
    try {
      await fc.assert(property, { numRuns: RUNS.replays });
    } finally {
      updateSettings(t.db, admin, { webhookTokenEnabled: false });
    }
  }, FUZZ_TIMEOUT);

  it("still answers a clean message after all of the above", async () => {
    const params = inboundParams({ Body: "HELP" });
    const result = await send(handleIncomingRequest, { path: "/api/twilio/incoming", body: encodeForm(params), signature: signatureFor("valid", AUTH_TOKEN, `${PUBLIC}/api/twilio/incoming`, params) });
    expect(result.status).toBe(200);
    expect(result.text).toContain("Commands you can send:");
  });
});
