import twilio from "twilio";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recentErrors } from "@/db/queries/errors";
import { tempDb, type TempDb } from "@/tests/support/db";
import { inboundParams, messageSid, statusParams } from "@/tests/support/twilio-fixtures";
import { parseEnv } from "@/lib/env";
import { recentAudit } from "@/db/queries/audit";
import { getSettings, rotateWebhookToken, updateSettings } from "@/lib/settings";
import { encodeForm, type FormParams } from "@/lib/twilio/form";
import { LogBudget } from "@/lib/errors/log-budget";
import { handleIncomingRequest, handleStatusRequest, STATUS_TOKEN_GRACE_MS } from "./handlers";
import { logSkippedRefusals } from "./http";

const AUTH_TOKEN = "0123456789abcdef0123456789abcdef";
const env = parseEnv({ TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`, TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL: "https://sb.example.com" });
const INCOMING = "https://sb.example.com/api/twilio/incoming";
const admin = { id: null, label: "admin" };

let t: TempDb;
beforeEach(() => {
  t = tempDb();
  updateSettings(t.db, admin, { incomingEnabled: true, cooldownSeconds: 0 });
});
afterEach(() => t.close());

function signedRequest(url: string, params: FormParams, init: { signUrl?: string; headers?: Record<string, string>; body?: BodyInit } = {}): Request {
  // The server sees its own address; Twilio signed the public one.
  const local = url.replace("https://sb.example.com", "http://127.0.0.1:3000");
  return new Request(local, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": twilio.getExpectedTwilioSignature(AUTH_TOKEN, init.signUrl ?? url, params),
      ...init.headers,
    },
    body: init.body ?? encodeForm(params),
  });
}

const count = (sql: string) => (t.db.$client.prepare(sql).get() as { n: number }).n;
const context = () => ({ db: t.db, env });

async function expectRefusal(response: Response, status: number, reason: string) {
  expect(response.status).toBe(status);
  expect(await response.text()).toContain(reason);
  const [entry] = recentErrors(t.db, 1);
  expect(entry).toMatchObject({ source: "webhook.incoming", reason });
  expect(count("select count(*) as n from error_log")).toBe(1);
  expect(count("select count(*) as n from messages")).toBe(0);
  expect(count("select count(*) as n from contacts")).toBe(0);
  return entry;
}

describe("incoming webhook handler", () => {
  it("answers a verified HELP with TwiML whose Message reports its own delivery", async () => {
    const response = await handleIncomingRequest(signedRequest(INCOMING, inboundParams({ Body: "HELP" })), context());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    const xml = await response.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Message action="https:\/\/sb\.example\.com\/api\/twilio\/status\?reply=\d+" method="POST">Commands you can send:/);
  });

  it("names the status callback under PUBLIC_BASE_URL's path prefix, token included", async () => {
    const prefixed = parseEnv({ TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`, TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL: "https://sb.example.com/switchboard" });
    updateSettings(t.db, admin, { webhookTokenEnabled: true, webhookToken: "tok-123" });
    // The proxy strips the prefix: the server sees /api/twilio/incoming; Twilio signed the prefixed URL.
    const request = signedRequest(`${INCOMING}?token=tok-123`, inboundParams({ Body: "HELP" }), { signUrl: "https://sb.example.com/switchboard/api/twilio/incoming?token=tok-123" });
    const xml = await (await handleIncomingRequest(request, { db: t.db, env: prefixed })).text();
    expect(xml).toMatch(/<Message action="https:\/\/sb\.example\.com\/switchboard\/api\/twilio\/status\?token=tok-123&amp;reply=\d+" method="POST">/);
  });

  it("without PUBLIC_BASE_URL, remembers where Twilio's signed webhooks reach the server (and only signed ones)", async () => {
    const unset = parseEnv({ TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`, TWILIO_AUTH_TOKEN: AUTH_TOKEN });
    // Behind a proxy that names the public host (Twilio signed the public URL).
    const viaProxy = { "x-forwarded-host": "sb.example.com", "x-forwarded-proto": "https" };
    const forged = signedRequest(INCOMING, inboundParams({ Body: "HELP" }), { headers: { ...viaProxy, "x-twilio-signature": "forged" } });
    expect((await handleIncomingRequest(forged, { db: t.db, env: unset })).status).toBe(403);
    expect(getSettings(t.db).twilioReachesUsAt).toBe("");
    expect((await handleIncomingRequest(signedRequest(INCOMING, inboundParams({ Body: "HELP" }), { headers: viaProxy }), { db: t.db, env: unset })).status).toBe(200);
    expect(getSettings(t.db).twilioReachesUsAt).toBe("https://sb.example.com");
    expect(recentAudit(t.db, 1)[0]).toMatchObject({ action: "settings.twilio_origin_seen", actorLabel: "system" });
    // Seen again: nothing more to write.
    await handleIncomingRequest(signedRequest(INCOMING, inboundParams({ Body: "HELP" }), { headers: viaProxy }), { db: t.db, env: unset });
    expect(count("select count(*) as n from audit_log where action = 'settings.twilio_origin_seen'")).toBe(1);
    // Signed webhooks that came from this machine (the simulator) teach nothing about where Twilio reaches us.
    expect((await handleIncomingRequest(signedRequest(INCOMING, inboundParams({ Body: "HELP" }), { headers: { host: "127.0.0.1:3000" }, signUrl: "http://127.0.0.1:3000/api/twilio/incoming" }), { db: t.db, env: unset })).status).toBe(200);
    expect(getSettings(t.db).twilioReachesUsAt).toBe("https://sb.example.com");
    // Unless the Twilio in use is itself local (an emulator at TWILIO_API_BASE): it can call us there.
    const localTwilio = parseEnv({ TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_API_BASE: "http://127.0.0.1:3999" });
    expect((await handleIncomingRequest(signedRequest(INCOMING, inboundParams({ Body: "HELP" }), { headers: { host: "127.0.0.1:3000" }, signUrl: "http://127.0.0.1:3000/api/twilio/incoming" }), { db: t.db, env: localTwilio })).status).toBe(200);
    expect(getSettings(t.db).twilioReachesUsAt).toBe("http://127.0.0.1:3000");
  });

  it("escapes reply text as XML", async () => {
    updateSettings(t.db, admin, { replies: { ...(await import("@/lib/commands/replies")).DEFAULT_REPLIES, fallback: "<b>Tom & Jerry</b>" } });
    const xml = await (await handleIncomingRequest(signedRequest(INCOMING, inboundParams({ Body: "anything" })), context())).text();
    expect(xml).toContain("&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;");
  });

  it("greets a sender whose profile name holds characters XML cannot carry, storing the name verbatim", async () => {
    const name = "Ann\u0001\u001F <b>";
    const response = await handleIncomingRequest(signedRequest(INCOMING, inboundParams({ Body: "hello", ProfileName: name })), context());
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("<Message action=");
    expect(t.db.$client.prepare("select profile_name from messages where direction = 'inbound'").pluck().get()).toBe(name);
  });

  it("refuses a forged signature with 403, one error row and nothing stored", async () => {
    const request = signedRequest(INCOMING, inboundParams(), { headers: { "x-twilio-signature": "AAAAAAAAAAAAAAAAAAAAAAAAAAA=" } });
    const entry = await expectRefusal(await handleIncomingRequest(request, context()), 403, "invalid signature");
    expect(JSON.stringify(entry)).not.toContain("AAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  });

  it("under a flood of forged requests, logs at most its budget a minute and then how many it left out", async () => {
    let now = 0;
    const refusalLog = new LogBudget(3, 60_000, () => now);
    const forged = () => signedRequest(INCOMING, inboundParams(), { headers: { "x-twilio-signature": "AAAAAAAAAAAAAAAAAAAAAAAAAAA=" } });
    const rows = () => t.db.$client.prepare("select reason, detail from error_log order by id").all() as { reason: string; detail: string | null }[];
    for (let i = 0; i < 10; i++) expect((await handleIncomingRequest(forged(), { ...context(), refusalLog })).status).toBe(403);
    // Other kinds of refusal keep their own budget.
    expect((await handleIncomingRequest(new Request(INCOMING, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }), { ...context(), refusalLog })).status).toBe(415);
    expect(rows().map((row) => row.reason)).toEqual(["invalid signature", "invalid signature", "invalid signature", "unsupported content type"]);
    now = 60_000;
    logSkippedRefusals(t.db, refusalLog);
    expect(rows().at(-1)).toEqual({ reason: "refusals not logged", detail: "7 more 403 answers within a minute were not logged one by one (at most 3 a minute are)" });
    expect(count("select count(*) as n from messages")).toBe(0);
  });

  it("refuses a signature made for another URL or with another token", async () => {
    await expectRefusal(await handleIncomingRequest(signedRequest(INCOMING, inboundParams(), { signUrl: "https://sb.example.com/api/twilio/status" }), context()), 403, "invalid signature");
  });

  it("refuses a request without the URL token once tokens are on, and accepts the right one", async () => {
    updateSettings(t.db, admin, { webhookTokenEnabled: true, webhookToken: "s3cret-token-value" });
    await expectRefusal(await handleIncomingRequest(signedRequest(INCOMING, inboundParams()), context()), 403, "invalid URL token");
    const withToken = `${INCOMING}?token=s3cret-token-value`;
    expect((await handleIncomingRequest(signedRequest(withToken, inboundParams()), context())).status).toBe(200);
  });

  it("refuses addresses outside the IP allow-list", async () => {
    updateSettings(t.db, admin, { ipAllowList: ["203.0.113.0/24"] });
    const outside = signedRequest(INCOMING, inboundParams(), { headers: { "x-forwarded-for": "198.51.100.1" } });
    await expectRefusal(await handleIncomingRequest(outside, context()), 403, "IP address not allowed");
    const inside = signedRequest(INCOMING, inboundParams(), { headers: { "x-forwarded-for": "203.0.113.5" } });
    expect((await handleIncomingRequest(inside, context())).status).toBe(200);
  });

  it("refuses bodies over 64 KB with 413 without reading them whole", async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 16 * 1024;
        if (pulled > 10 * 1024 * 1024) controller.close();
        else controller.enqueue(new Uint8Array(16 * 1024).fill(97));
      },
    });
    const request = new Request("http://127.0.0.1:3000/api/twilio/incoming", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: stream, duplex: "half" } as RequestInit);
    const response = await handleIncomingRequest(request, context());
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThan(200 * 1024);
    expect(recentErrors(t.db, 1)[0]).toMatchObject({ reason: "body too large" });
  });

  it("refuses a non-form content type with 415", async () => {
    const request = signedRequest(INCOMING, inboundParams(), { headers: { "content-type": "application/json" }, body: JSON.stringify(inboundParams()) });
    expect((await handleIncomingRequest(request, context())).status).toBe(415);
    expect(recentErrors(t.db, 1)[0]).toMatchObject({ reason: "unsupported content type" });
  });

  it("refuses malformed encoding with 400", async () => {
    const request = signedRequest(INCOMING, {}, { body: "Body=%E0%A4%A&MessageSid=x" });
    await expectRefusal(await handleIncomingRequest(request, context()), 400, "malformed body");
  });

  it.each([
    ["MessageSid is missing", { MessageSid: undefined, SmsMessageSid: undefined, SmsSid: undefined }],
    ["From is missing", { From: undefined }],
  ])("refuses a signed request where %s with 400", async (reason, remove) => {
    const params = inboundParams();
    for (const name of Object.keys(remove)) delete params[name];
    await expectRefusal(await handleIncomingRequest(signedRequest(INCOMING, params), context()), 400, reason);
  });

  it("validates against the alias URL the old app's Twilio console uses", async () => {
    const alias = "https://sb.example.com/api/method/compliance.api.whatsapp_webhook.incoming_message";
    const response = await handleIncomingRequest(signedRequest(alias, inboundParams({ Body: "hi" })), context());
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Hello Asha!");
  });
});

describe("status webhook handler", () => {
  it("answers OK text/plain and records the event", async () => {
    const sid = messageSid();
    const response = await handleStatusRequest(signedRequest("https://sb.example.com/api/twilio/status", statusParams(sid, "delivered")), context());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await response.text()).toBe("OK");
    expect(count("select count(*) as n from status_events")).toBe(1);
  });

  it("after Regenerate, accepts the replaced URL token on status callbacks for a week, and never on incoming messages", async () => {
    const STATUS = "https://sb.example.com/api/twilio/status";
    updateSettings(t.db, admin, { webhookTokenEnabled: true, webhookToken: "old-token" });
    rotateWebhookToken(t.db, admin);
    const fresh = getSettings(t.db).webhookToken;
    expect(fresh).not.toBe("old-token");
    const status = (token: string) => handleStatusRequest(signedRequest(`${STATUS}?token=${token}`, statusParams(messageSid(), "read")), context());
    const incoming = (token: string) => handleIncomingRequest(signedRequest(`${INCOMING}?token=${token}`, inboundParams({ Body: "hi" })), context());

    // A message sent before the rotation reports its delivery with the old token in its callback URL.
    expect((await status("old-token")).status).toBe(200);
    expect((await status(fresh)).status).toBe(200);
    expect((await incoming("old-token")).status).toBe(403);
    expect((await incoming(fresh)).status).toBe(200);
    expect((await status("never-issued")).status).toBe(403);

    updateSettings(t.db, admin, { webhookTokenRotatedAt: Date.now() - STATUS_TOKEN_GRACE_MS - 1 });
    expect((await status("old-token")).status).toBe(403);
    expect(count("select count(*) as n from status_events")).toBe(2);
    // The replaced token never reaches the audit trail in clear either.
    expect(JSON.stringify(recentAudit(t.db, 5))).not.toContain("old-token");
  });

  it("refuses a callback without MessageStatus with 400 and an error row", async () => {
    const params = statusParams(messageSid(), "sent");
    delete params.MessageStatus;
    delete params.SmsStatus;
    const response = await handleStatusRequest(signedRequest("https://sb.example.com/api/twilio/status", params), context());
    expect(response.status).toBe(400);
    expect(recentErrors(t.db, 1)[0]).toMatchObject({ source: "webhook.status", reason: "MessageStatus is missing" });
    expect(count("select count(*) as n from status_events")).toBe(0);
  });
});
