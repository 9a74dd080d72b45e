import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db/client";
import { setBlocked } from "@/db/queries/contacts";
import { updateSettings, type Settings } from "@/lib/settings";
import { encodeForm, type FormParams } from "@/lib/twilio/form";
import { inboundParams, messageSid, statusParams } from "../support/twilio-fixtures";
import { startServer, type RunningServer } from "../support/server";

const AUTH_TOKEN = "fedcba9876543210fedcba9876543210";
const PUBLIC = "https://switchboard.example.com";

let server: RunningServer;
let db: Db;

beforeAll(async () => {
  server = await startServer({
    ADMIN_EMAIL: "", ADMIN_PASSWORD: "", PUBLIC_BASE_URL: PUBLIC,
    TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`, TWILIO_AUTH_TOKEN: AUTH_TOKEN,
  });
  db = openDatabase(server.databasePath);
  configure({ incomingEnabled: true, cooldownSeconds: 0 });
});
afterAll(async () => {
  db?.$client.close();
  await server?.stop();
});

function configure(patch: Partial<Settings>) {
  updateSettings(db, { id: null, label: "test" }, patch);
}

/** Posts like Twilio: to our local address, signed for the public URL it was configured with. */
async function post(path: string, params: FormParams, signature?: string) {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": signature ?? twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC}${path}`, params),
    },
    body: encodeForm(params),
  });
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
}

const message = (text: string) => /<Message[^>]*>([\s\S]*)<\/Message>/.exec(text)?.[1] ?? null;
const one = <T>(sql: string, ...args: unknown[]) => db.$client.prepare(sql).get(...args) as T;
let phoneCounter = 0;
const newPhone = () => `whatsapp:+9198${String(10_000_000 + ++phoneCounter * 7919).slice(0, 8)}`;

describe("incoming webhook on the production server", () => {
  it.each([
    ["Hello", /^Hello Asha! Thank you for contacting the compliance team/],
    ["menu", /^Commands you can send:/],
    ["STATUS", /^Phone number not registered\. Please contact HR\.$/],
    ["pending", /^Phone number not registered\. Please contact HR\.$/],
    ["what time is it", /^Thank you for your message\./],
  ])("answers %j", async (body, expected) => {
    const response = await post("/api/twilio/incoming", inboundParams({ Body: body, From: newPhone() }));
    expect(response.status).toBe(200);
    expect(response.type).toBe("text/xml; charset=utf-8");
    expect(message(response.text)).toMatch(expected);
  });

  it("STOP opts out and confirms once; START opts back in", async () => {
    const from = newPhone();
    expect(message((await post("/api/twilio/incoming", inboundParams({ Body: "STOP", From: from }))).text)).toMatch(/unsubscribed/);
    expect(one<{ opted_out: number }>("select opted_out from contacts where phone = ?", from.replace("whatsapp:", ""))).toEqual({ opted_out: 1 });
    expect((await post("/api/twilio/incoming", inboundParams({ Body: "stop", From: from }))).text).toContain("<Response/>");
    expect(message((await post("/api/twilio/incoming", inboundParams({ Body: "start", From: from }))).text)).toMatch(/subscribed to compliance notifications again/);
    expect(one<{ opted_out: number }>("select opted_out from contacts where phone = ?", from.replace("whatsapp:", ""))).toEqual({ opted_out: 0 });
  });

  it("stores 20 concurrent retries of one MessageSid once and answers them identically", async () => {
    const params = inboundParams({ Body: "STOP", From: newPhone() });
    const responses = await Promise.all(Array.from({ length: 20 }, () => post("/api/twilio/incoming", params)));
    expect(new Set(responses.map((response) => response.status))).toEqual(new Set([200]));
    expect(new Set(responses.map((response) => response.text)).size).toBe(1);
    expect(message(responses[0]!.text)).toMatch(/unsubscribed/);
    expect(one<{ n: number }>("select count(*) as n from messages where message_sid = ?", params.MessageSid)).toEqual({ n: 1 });
    const inbound = one<{ id: number }>("select id from messages where message_sid = ?", params.MessageSid);
    expect(one<{ n: number }>("select count(*) as n from messages where reply_to_id = ?", inbound.id)).toEqual({ n: 1 });
    expect(one<{ inbound_day_count: number }>("select inbound_day_count from contacts where phone = ?", String(params.From).replace("whatsapp:", ""))).toEqual({ inbound_day_count: 1 });
  });

  it("answers through the old app's URLs", async () => {
    const from = newPhone();
    const response = await post("/api/method/compliance.api.whatsapp_webhook.incoming_message", inboundParams({ Body: "hi", From: from }));
    expect(message(response.text)).toMatch(/^Hello Asha!/);
    const sid = messageSid();
    const status = await post("/api/method/compliance.api.whatsapp_webhook.status_callback", statusParams(sid, "sent"));
    expect(status).toMatchObject({ status: 200, text: "OK" });
  });

  it("refuses a signature computed for the local address instead of the public URL", async () => {
    const params = inboundParams({ From: newPhone() });
    const wrong = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${server.baseUrl}/api/twilio/incoming`, params);
    const response = await post("/api/twilio/incoming", params, wrong);
    expect(response.status).toBe(403);
    expect(one<{ n: number }>("select count(*) as n from messages where message_sid = ?", params.MessageSid)).toEqual({ n: 0 });
    expect(one<{ reason: string }>("select reason from error_log order by id desc limit 1")).toEqual({ reason: "invalid signature" });
  });

  it("answers a flood of forged webhooks 403 each, logging at most 30 a minute of them", async () => {
    const logged = () => one<{ n: number }>("select count(*) as n from error_log where source = 'webhook.incoming' and reason = 'invalid signature'")!.n;
    const before = logged();
    const answers = await Promise.all(Array.from({ length: 60 }, () => post("/api/twilio/incoming", inboundParams({ From: newPhone() }), "Zm9yZ2VkLXNpZ25hdHVyZQ==")));
    expect(answers.every((answer) => answer.status === 403)).toBe(true);
    const written = logged() - before;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThanOrEqual(30);
  });

  it("refuses oversized and non-form bodies over HTTP", async () => {
    const big = await fetch(`${server.baseUrl}/api/twilio/incoming`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `Body=${"a".repeat(70 * 1024)}` });
    expect(big.status).toBe(413);
    const json = await fetch(`${server.baseUrl}/api/twilio/incoming`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(json.status).toBe(415);
  });

  it("with incoming disabled stores and flags the message and answers an empty Response", async () => {
    configure({ incomingEnabled: false });
    try {
      const params = inboundParams({ Body: "HELP", From: newPhone() });
      const response = await post("/api/twilio/incoming", params);
      expect(response.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
      expect(one<{ flag: string }>("select flag from messages where message_sid = ?", params.MessageSid)).toEqual({ flag: "disabled" });
    } finally {
      configure({ incomingEnabled: true });
    }
  });

  it("answers 500 when storing fails inside, leaving no row but an error-log entry staff can read", async () => {
    // A fault the database raises mid-transaction, as a full disk or a corrupt page would.
    db.$client.exec("create trigger injected_fault before insert on messages when new.body = 'explode' begin select raise(abort, 'injected fault'); end");
    try {
      const from = newPhone();
      const params = inboundParams({ Body: "explode", From: from });
      const response = await post("/api/twilio/incoming", params);
      expect(response.status).toBe(500);
      expect(one("select id from messages where message_sid = ?", params.MessageSid)).toBeUndefined();
      expect(one("select id from contacts where phone = ?", from.replace("whatsapp:", ""))).toBeUndefined();
      const logged = one<{ source: string; detail: string }>("select source, detail from error_log where reason = 'internal error' order by id desc limit 1");
      expect(logged?.source).toBe("webhook.incoming");
      expect(logged?.detail).toContain("injected fault");
      // The server goes on serving.
      expect((await post("/api/twilio/incoming", inboundParams({ Body: "hi", From: newPhone() }))).status).toBe(200);
    } finally {
      db.$client.exec("drop trigger injected_fault");
    }
  });

  it("stops auto-replies past the daily limit and for blocked numbers", async () => {
    configure({ dailyLimit: 2 });
    try {
      const from = newPhone();
      for (let i = 0; i < 2; i++) expect(message((await post("/api/twilio/incoming", inboundParams({ Body: "hi", From: from }))).text)).not.toBeNull();
      const over = inboundParams({ Body: "hi", From: from });
      expect((await post("/api/twilio/incoming", over)).text).toContain("<Response/>");
      expect(one<{ flag: string }>("select flag from messages where message_sid = ?", over.MessageSid)).toEqual({ flag: "rate_limited" });
    } finally {
      configure({ dailyLimit: 50 });
    }
    const blocked = newPhone();
    setBlocked(db, blocked.replace("whatsapp:", ""), true, new Date());
    const params = inboundParams({ Body: "hi", From: blocked });
    expect((await post("/api/twilio/incoming", params)).text).toContain("<Response/>");
    expect(one<{ flag: string }>("select flag from messages where message_sid = ?", params.MessageSid)).toEqual({ flag: "blocked" });
  });
});

describe("status callbacks on the production server", () => {
  it("track the TwiML reply through out-of-order callbacks, forward only", async () => {
    const response = await post("/api/twilio/incoming", inboundParams({ Body: "help", From: newPhone() }));
    const action = /action="([^"]+)"/.exec(response.text)?.[1]?.replace(/&amp;/g, "&");
    expect(action).toMatch(new RegExp(`^${PUBLIC}/api/twilio/status\\?reply=\\d+$`));
    const path = action!.slice(PUBLIC.length);
    const replySid = messageSid();
    // A status newer than this code ("partially_delivered") is answered 200 and kept, moving nothing.
    for (const status of ["sent", "read", "delivered", "partially_delivered"]) {
      expect(await post(path, statusParams(replySid, status))).toMatchObject({ status: 200, text: "OK" });
    }
    expect(one<{ status: string; direction: string }>("select status, direction from messages where message_sid = ?", replySid)).toEqual({ status: "read", direction: "outbound" });
    expect(one<{ n: number }>("select count(*) as n from status_events where message_sid = ?", replySid)).toEqual({ n: 4 });
  });

  it("keeps a callback for an unknown SID as an orphan event", async () => {
    const sid = messageSid();
    expect(await post("/api/twilio/status", statusParams(sid, "failed", { ErrorCode: "63016" }))).toMatchObject({ status: 200, text: "OK" });
    expect(one<{ message_id: number | null; error_code: number }>("select message_id, error_code from status_events where message_sid = ?", sid)).toEqual({ message_id: null, error_code: 63016 });
  });
});
