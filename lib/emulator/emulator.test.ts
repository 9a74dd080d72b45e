import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMessageSender, TwilioSendError } from "@/lib/twilio/client";
import { basicAuthorization } from "@/lib/twilio/credentials";
import { parseForm, type FormParams } from "@/lib/twilio/form";
import { isValidTwilioSignature } from "@/lib/twilio/signature";
import { messagingTwiml } from "@/lib/twilio/twiml";
import { listenEmulator, type RunningEmulator } from "./http-server";

const ACCOUNT = `AC${"ab".repeat(16)}`;
const TOKEN = "emulator-test-token-0123456789ab";
/** Templates the emulated account holds: one with {{1}} and {{2}}, one with none. */
const TWO_VARIABLES = `HX${"2".repeat(32)}`;
const NO_VARIABLES = `HX${"0".repeat(32)}`;

/** A stand-in for the app: records signed callbacks and answers inbound messages with TwiML. */
let app: Server;
let appUrl: string;
const received: { path: string; params: FormParams; validSignature: boolean }[] = [];
let emulator: RunningEmulator;

beforeAll(async () => {
  app = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const params = parseForm(body);
      const url = `${appUrl}${req.url}`;
      received.push({ path: req.url ?? "", params, validSignature: isValidTwilioSignature(TOKEN, String(req.headers["x-twilio-signature"] ?? ""), url, params) });
      if (req.url?.startsWith("/incoming")) {
        res.writeHead(200, { "content-type": "text/xml" });
        res.end(messagingTwiml({ body: `You said: ${String(params.Body)} & more`, statusCallbackUrl: `${appUrl}/status?reply=7` }));
      } else res.end("OK");
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  const address = app.address();
  appUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  emulator = await listenEmulator({ accountSid: ACCOUNT, authToken: TOKEN, incomingUrl: `${appUrl}/incoming`, delaysMs: { sent: 10, delivered: 20, read: 30 }, templateVariables: (sid) => (sid === TWO_VARIABLES ? 2 : sid === NO_VARIABLES ? 0 : null) });
});
afterAll(async () => {
  await emulator.close();
  app.close();
});

const waitFor = async (check: () => boolean, ms = 3000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe("the Twilio emulator", () => {
  const send = () => createMessageSender({ accountSid: ACCOUNT, authToken: TOKEN, apiBase: emulator.baseUrl });

  it("takes a send from the twilio package and posts signed callbacks queued → sent → delivered → read", async () => {
    await emulator.emulator.receiveFromPhone({ from: "+919812345678", body: "hi" });
    const result = await send().send({ from: "whatsapp:+14155238886", to: "whatsapp:+919812345678", body: "Hello", statusCallback: `${appUrl}/status?job=1` });
    expect(result.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(result.status).toBe("queued");
    await waitFor(() => received.filter((r) => r.params.MessageSid === result.sid).length === 4);
    const callbacks = received.filter((r) => r.params.MessageSid === result.sid);
    expect(callbacks.map((r) => r.params.MessageStatus)).toEqual(["queued", "sent", "delivered", "read"]);
    expect(callbacks.every((r) => r.validSignature && r.path === "/status?job=1")).toBe(true);
  });

  it("answers like Twilio: 401 for bad credentials, 21211 for a bad number, 429 when told to", async () => {
    const wrong = createMessageSender({ accountSid: ACCOUNT, authToken: "wrong-token-wrong-token-wrong-tok", apiBase: emulator.baseUrl });
    await expect(wrong.send({ from: "whatsapp:+14155238886", to: "whatsapp:+919812345678", body: "x", statusCallback: `${appUrl}/status` })).rejects.toMatchObject({ httpStatus: 401, code: 20003 });
    await expect(send().send({ from: "whatsapp:+14155238886", to: "whatsapp:12", body: "x", statusCallback: `${appUrl}/status` })).rejects.toMatchObject({ httpStatus: 400, code: 21211, retryable: false });
    emulator.emulator.configure({ failNext: [{ status: 429, code: 20429 }] });
    const error = await send().send({ from: "whatsapp:+14155238886", to: "whatsapp:+919812345678", body: "x", statusCallback: `${appUrl}/status` }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TwilioSendError);
    expect(error).toMatchObject({ httpStatus: 429, code: 20429, retryable: true });
  });

  it("refuses a body over 1,600 characters with 21617 and HTTP 400, creating nothing, as Twilio does", async () => {
    await emulator.emulator.receiveFromPhone({ from: "+919812345678", body: "hi" });
    const before = emulator.emulator.messages.length;
    await expect(send().send({ from: "whatsapp:+14155238886", to: "whatsapp:+919812345678", body: "x".repeat(1601), statusCallback: `${appUrl}/status` })).rejects.toMatchObject({
      httpStatus: 400,
      code: 21617,
      retryable: false,
    });
    expect(emulator.emulator.messages.length).toBe(before);
    const full = await send().send({ from: "whatsapp:+14155238886", to: "whatsapp:+919812345678", body: "x".repeat(1600), statusCallback: `${appUrl}/status` });
    expect(full.sid).toMatch(/^SM[0-9a-f]{32}$/);
  });

  it("limits its rate with 429 / 20429", async () => {
    emulator.emulator.configure({ rateLimitPerSecond: 2 });
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => send().send({ from: "whatsapp:+14155238886", to: "whatsapp:+919812345678", body: "x", statusCallback: `${appUrl}/status` })));
    emulator.emulator.configure({ rateLimitPerSecond: 0 });
    expect(results.filter((result) => result.status === "rejected").map((result) => (result as PromiseRejectedResult).reason.code)).toEqual([20429, 20429]);
  });

  it("fails free text outside the 24-hour window with 63016, but not a template", async () => {
    const text = await send().send({ from: "whatsapp:+14155238886", to: "whatsapp:+14155550000", body: "late", statusCallback: `${appUrl}/status` });
    const template = await send().send({ from: "whatsapp:+14155238886", to: "whatsapp:+14155550000", contentSid: `HX${"1".repeat(32)}`, contentVariables: { 1: "x" }, statusCallback: `${appUrl}/status` });
    await waitFor(() => received.some((r) => r.params.MessageSid === text.sid && r.params.MessageStatus === "failed") && received.some((r) => r.params.MessageSid === template.sid && r.params.MessageStatus === "read"));
    expect(received.filter((r) => r.params.MessageSid === text.sid).map((r) => r.params.MessageStatus)).toEqual(["queued", "failed"]);
    expect(received.find((r) => r.params.MessageSid === text.sid && r.params.MessageStatus === "failed")?.params).toMatchObject({ ErrorCode: "63016" });
  });

  it("fails a known template sent with other variables than it declares with 63028, as Twilio does, and sends one with exactly them", async () => {
    const to = "whatsapp:+14155550009";
    const sendTemplate = (contentSid: string, contentVariables: Record<string, string>) => send().send({ from: "whatsapp:+14155238886", to, contentSid, contentVariables, statusCallback: `${appUrl}/status` });
    const missing = await sendTemplate(TWO_VARIABLES, { 1: "Asha" });
    const extra = await sendTemplate(NO_VARIABLES, { 1: "Bulk 4999" });
    const exact = await sendTemplate(TWO_VARIABLES, { 1: "Asha", 2: "Friday" });
    const none = await sendTemplate(NO_VARIABLES, {});
    const unknown = await sendTemplate(`HX${"9".repeat(32)}`, { 1: "Asha", 7: "x" });
    const last = (sid: string) => received.filter((r) => r.params.MessageSid === sid).at(-1)?.params;
    await waitFor(() => [missing, extra].every(({ sid }) => last(sid)?.MessageStatus === "failed") && [exact, none, unknown].every(({ sid }) => last(sid)?.MessageStatus === "read"));
    expect(last(missing.sid)).toMatchObject({ ErrorCode: "63028" });
    expect(last(extra.sid)).toMatchObject({ ErrorCode: "63028" });
  });

  it("can refuse out-of-window free text at once with Twilio's 63016 error JSON", async () => {
    emulator.emulator.configure({ windowErrors: "reject" });
    try {
      await expect(send().send({ from: "whatsapp:+14155238886", to: "whatsapp:+14155550001", body: "late", statusCallback: `${appUrl}/status` })).rejects.toMatchObject({ httpStatus: 400, code: 63016, retryable: false });
    } finally {
      emulator.emulator.configure({ windowErrors: "callback" });
    }
  });

  it("takes when each phone last wrote from the app, so a restart does not close open windows", async () => {
    emulator.emulator.configure({ windowErrors: "reject" });
    try {
      emulator.emulator.rememberInbound([{ phone: "+14155550002", at: new Date(Date.now() - 60_000) }, { phone: "+14155550003", at: new Date(Date.now() - 25 * 3_600_000) }]);
      await expect(send().send({ from: "whatsapp:+14155238886", to: "whatsapp:+14155550002", body: "still open", statusCallback: `${appUrl}/status` })).resolves.toMatchObject({ sid: expect.stringMatching(/^SM/) });
      await expect(send().send({ from: "whatsapp:+14155238886", to: "whatsapp:+14155550003", body: "closed", statusCallback: `${appUrl}/status` })).rejects.toMatchObject({ code: 63016 });
    } finally {
      emulator.emulator.configure({ windowErrors: "callback" });
    }
  });

  it("can create a message and answer only after the client gave up, or answer 500 after creating it", async () => {
    const impatient = createMessageSender({ accountSid: ACCOUNT, authToken: TOKEN, apiBase: emulator.baseUrl, timeoutMs: 200 });
    const to = "whatsapp:+919800000009";
    await emulator.emulator.receiveFromPhone({ from: to, body: "hi" });
    emulator.emulator.requests.length = 0;
    emulator.emulator.configure({ failNext: [{ slowMs: 800 }, { status: 500, code: 20500, afterCreate: true }] });
    const slow = await impatient.send({ from: "whatsapp:+14155238886", to, body: "slow", statusCallback: `${appUrl}/status` }).catch((caught: unknown) => caught);
    expect(slow).toMatchObject({ httpStatus: null, code: null, retryable: true });
    // The late answer (and the message's callbacks) are still to come.
    expect(emulator.emulator.scheduled).toBeGreaterThan(0);
    await expect(send().send({ from: "whatsapp:+14155238886", to, body: "after the fact", statusCallback: `${appUrl}/status` })).rejects.toMatchObject({ httpStatus: 500, code: 20500, retryable: true });
    // Both exist at "Twilio" although the client saw no success: what the queue's lookup must find.
    const held = await send().sentSince({ from: "whatsapp:+14155238886", to, since: new Date() });
    expect(held.map((message) => message.body).slice(0, 2)).toEqual(["after the fact", "slow"]);
    expect(emulator.emulator.requests.map(({ kind, httpStatus, sid }) => ({ kind, httpStatus, created: sid !== null }))).toEqual([
      { kind: "create", httpStatus: 201, created: true },
      { kind: "create", httpStatus: 500, created: true },
      { kind: "list", httpStatus: 200, created: false },
      { kind: "list", httpStatus: 200, created: false },
    ]);
  });

  it("sets date_sent only once a message goes out, so a DateSent filter cannot find one Twilio still holds", async () => {
    const holding = await listenEmulator({ accountSid: ACCOUNT, authToken: TOKEN, enforceWindow: false, delaysMs: { sent: 60_000, delivered: 61_000, read: 62_000 } });
    const to = "whatsapp:+919800000011";
    const list = async (base: string, query: string) => {
      const listed = await fetch(`${base}/2010-04-01/Accounts/${ACCOUNT}/Messages.json?To=${encodeURIComponent(to)}${query}`, {
        headers: { authorization: basicAuthorization({ accountSid: ACCOUNT, authToken: TOKEN }) },
      });
      return ((await listed.json()) as { messages: { body: string; date_sent: string | null }[] }).messages;
    };
    const today = `&${encodeURIComponent("DateSent>")}=${new Date().toISOString().slice(0, 10)}`;
    try {
      const sender = createMessageSender({ accountSid: ACCOUNT, authToken: TOKEN, apiBase: holding.baseUrl });
      await sender.send({ from: "whatsapp:+14155238886", to, body: "still queued", statusCallback: null });
      expect(await list(holding.baseUrl, today)).toEqual([]);
      expect(await list(holding.baseUrl, "")).toMatchObject([{ body: "still queued", date_sent: null }]);
      // The send queue's lookup for a lost answer finds it all the same.
      const held = await sender.sentSince({ from: "whatsapp:+14155238886", to, since: new Date() });
      expect(held.map((message) => message.body)).toEqual(["still queued"]);
    } finally {
      await holding.close();
    }

    await emulator.emulator.receiveFromPhone({ from: to, body: "hi" });
    await send().send({ from: "whatsapp:+14155238886", to, body: "goes out", statusCallback: null });
    await expect.poll(async () => (await list(emulator.baseUrl, today)).map((message) => message.body)).toContain("goes out");
    const [sent] = await list(emulator.baseUrl, today);
    expect(sent?.date_sent).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
  });

  it("lists messages as Twilio does: date_created in RFC 2822 with +0000, and the direction", async () => {
    const to = "whatsapp:+919800000010";
    await emulator.emulator.receiveFromPhone({ from: to, body: "hi" });
    const before = Date.now();
    await send().send({ from: "whatsapp:+14155238886", to, body: "dated", statusCallback: null });
    const listed = await fetch(`${emulator.baseUrl}/2010-04-01/Accounts/${ACCOUNT}/Messages.json?To=${encodeURIComponent(to)}`, {
      headers: { authorization: basicAuthorization({ accountSid: ACCOUNT, authToken: TOKEN }) },
    });
    const { messages } = (await listed.json()) as { messages: { body: string; date_created: string; direction: string }[] };
    expect(messages.map(({ body, direction }) => ({ body, direction }))).toEqual([
      { body: "dated", direction: "outbound-api" },
      { body: "You said: hi & more", direction: "outbound-reply" },
    ]);
    expect(messages[0]?.date_created).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    const [held] = await send().sentSince({ from: "whatsapp:+14155238886", to, since: new Date() });
    expect(held).toMatchObject({ body: "dated", direction: "outbound-api" });
    // Whole seconds, as Twilio gives them.
    expect(held!.dateCreated.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(held!.dateCreated.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("records refused creates, and can post callbacks twice and out of order while the resource moves forward only", async () => {
    emulator.emulator.requests.length = 0;
    emulator.emulator.configure({ failNext: [{ status: 503, code: 20503 }], duplicateRate: 1, outOfOrderRate: 1 });
    try {
      await expect(send().send({ from: "whatsapp:+14155238886", to: "whatsapp:+919812345678", body: "twice", statusCallback: `${appUrl}/status?dup=1` })).rejects.toMatchObject({ httpStatus: 503 });
      const result = await send().send({ from: "whatsapp:+14155238886", to: "whatsapp:+919812345678", body: "twice", statusCallback: `${appUrl}/status?dup=1` });
      await waitFor(() => received.filter((r) => r.params.MessageSid === result.sid).length === 8);
      const statuses = received.filter((r) => r.params.MessageSid === result.sid).map((r) => String(r.params.MessageStatus));
      expect(statuses.filter((status) => status === "read")).toHaveLength(2);
      expect(statuses.indexOf("read")).toBeLessThan(statuses.indexOf("delivered"));
      expect(emulator.emulator.messages.find((message) => message.sid === result.sid)?.status).toBe("read");
      await waitFor(() => emulator.emulator.scheduled === 0);
      expect(emulator.emulator.requests.map((request) => [request.httpStatus, request.code])).toEqual([[503, 20503], [201, null]]);
    } finally {
      emulator.emulator.configure({ duplicateRate: 0, outOfOrderRate: 0 });
    }
  });

  it("delivers a phone's message to the webhook, signed, and acts on the TwiML reply", async () => {
    const result = await emulator.emulator.receiveFromPhone({ from: "+919800000001", profileName: "Ravi", body: "HELP", latitude: 19.1, longitude: 72.9 });
    expect(result.httpStatus).toBe(200);
    expect(result.replies).toEqual([{ sid: expect.stringMatching(/^SM/), body: "You said: HELP & more" }]);
    const inbound = received.find((r) => r.params.MessageSid === result.messageSid);
    expect(inbound).toMatchObject({ path: "/incoming", validSignature: true, params: { From: "whatsapp:+919800000001", ProfileName: "Ravi", Body: "HELP", Latitude: "19.1", MessageType: "location" } });
    await waitFor(() => received.filter((r) => r.params.MessageSid === result.replies[0]!.sid).length === 4);
    expect(received.find((r) => r.params.MessageSid === result.replies[0]!.sid)?.path).toBe("/status?reply=7");
    expect(emulator.emulator.conversation("+919800000001").map((m) => m.direction)).toEqual(["inbound", "outbound-reply"]);
  });

  it("keeps a phone's file as Twilio keeps media: Basic auth, then a presigned CDN link that wants no credentials", async () => {
    const account = basicAuthorization({ accountSid: ACCOUNT, authToken: TOKEN });
    const send = (data: Buffer) =>
      fetch(`${emulator.baseUrl}/__emulator/inbound`, {
        method: "POST",
        headers: { authorization: account, "content-type": "application/json" },
        body: JSON.stringify({ from: "+919800000002", body: "", media: { contentType: "image/png", base64: data.toString("base64") } }),
      }).then((response) => response.json() as Promise<{ messageSid: string }>);
    const first = Buffer.from("first photo");
    const { messageSid } = await send(first);
    const params = received.find((r) => r.params.MessageSid === messageSid)!.params;
    expect(params).toMatchObject({ NumMedia: "1", MediaContentType0: "image/png", MessageType: "image" });
    const mediaUrl = String(params.MediaUrl0);
    expect(mediaUrl).toMatch(new RegExp(`^${emulator.baseUrl}/2010-04-01/Accounts/${ACCOUNT}/Messages/${messageSid}/Media/ME[0-9a-f]{32}$`));

    expect((await fetch(mediaUrl)).status).toBe(401);
    const redirect = await fetch(mediaUrl, { headers: { authorization: account }, redirect: "manual" });
    expect(redirect.status).toBe(307);
    const cdn = redirect.headers.get("location")!;
    expect((await fetch(cdn, { headers: { authorization: account } })).status).toBe(400);
    expect((await fetch(cdn.replace(/Signature=[0-9a-f]/, "Signature=x"))).status).toBe(403);
    const file = await fetch(cdn);
    expect(file.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await file.arrayBuffer()).equals(first)).toBe(true);
    expect(file.headers.get("accept-ranges")).toBe("bytes");
    const part = await fetch(cdn, { headers: { range: "bytes=6-" } });
    expect([part.status, part.headers.get("content-range"), await part.text()]).toEqual([206, `bytes 6-10/${first.length}`, "photo"]);
    const beyond = await fetch(cdn, { headers: { range: "bytes=99-" } });
    expect([beyond.status, beyond.headers.get("content-range")]).toEqual([416, `bytes */${first.length}`]);

    // Past the memory it may use, the oldest file is gone, as if deleted at Twilio.
    emulator.emulator.options.mediaKeptBytes = first.length;
    await send(Buffer.from("second photo"));
    expect((await fetch(mediaUrl, { headers: { authorization: account }, redirect: "manual" })).status).toBe(404);
  });
});
