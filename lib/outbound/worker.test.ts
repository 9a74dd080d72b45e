import { createServer } from "node:http";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findContactByPhone, setBlocked, setOptedOut, upsertContactOnInbound } from "@/db/queries/contacts";
import { findMessageById } from "@/db/queries/messages";
import { readStatusCallback } from "@/lib/twilio/status";
import { messagingTwiml } from "@/lib/twilio/twiml";
import { recordStatus } from "@/lib/webhooks/status";
import { statusParams } from "@/tests/support/twilio-fixtures";
import { findJobById } from "@/db/queries/outbound-jobs";
import { recentErrors } from "@/db/queries/errors";
import { listenEmulator, type RunningEmulator } from "@/lib/emulator/http-server";
import { createMessageSender } from "@/lib/twilio/client";
import { tempDb, type TempDb } from "@/tests/support/db";
import { claimNextJob, enqueueMessage, LEASE_MS, TEMPLATE_SETTLE_MS } from "./queue";
import { startSendWorker, type SendWorker } from "./worker";

const ACCOUNT = `AC${"cd".repeat(16)}`;
const TOKEN = "worker-test-token-0123456789abcd";
const PHONE = "+919812345678";
let emulator: RunningEmulator;
let t: TempDb;
let worker: SendWorker;
// The worker's clock runs this far ahead of the wall clock: backoffs and pauses pass without sleeping.
let skew = 0;

beforeAll(async () => {
  emulator = await listenEmulator({ accountSid: ACCOUNT, authToken: TOKEN, enforceWindow: false, delaysMs: { sent: 5, delivered: 10, read: 15 } });
});
afterAll(() => emulator.close());
beforeEach(() => {
  skew = 0;
  emulator.emulator.reset();
  t = tempDb();
  upsertContactOnInbound(t.db, { phone: PHONE, channel: "whatsapp", profileName: "Asha", waId: null, at: new Date(), day: "x" });
  worker = startSendWorker({
    db: t.db,
    send: createMessageSender({ accountSid: ACCOUNT, authToken: TOKEN, apiBase: emulator.baseUrl }),
    statusCallbackUrl: (key) => `http://127.0.0.1:9/api/twilio/status?job=${key}`,
    ratePerSecond: () => 50,
    intervalMs: 10_000,
    random: () => 0,
    now: () => new Date(Date.now() + skew),
  });
});
afterEach(async () => {
  await worker.stop();
  t.close();
});

const enqueue = (body: string) => enqueueMessage(t.db, { phone: PHONE, from: "whatsapp:+14155238886", content: { kind: "text", body }, sentByUserId: null });

async function drain(rounds = 20) {
  for (let i = 0; i < rounds; i++) {
    worker.tick();
    await worker.idle();
  }
}

describe("send worker against the emulator", () => {
  it("sends each job exactly once with our status callback and records the SID", async () => {
    const jobs = ["one", "two", "three"].map(enqueue);
    await drain();
    expect(emulator.emulator.messages.map((message) => message.body).sort()).toEqual(["one", "three", "two"]);
    for (const result of jobs) {
      if (!result.queued) throw new Error("expected queued");
      const message = findMessageById(t.db, result.message.id)!;
      expect(message.messageSid).toMatch(/^SM/);
      expect(emulator.emulator.messages.find((sent) => sent.sid === message.messageSid)?.statusCallback).toBe(`http://127.0.0.1:9/api/twilio/status?job=${result.job.idempotencyKey}`);
    }
  });

  it("sends without a StatusCallback when no address is known to reach this server", async () => {
    await worker.stop();
    worker = startSendWorker({
      db: t.db,
      send: createMessageSender({ accountSid: ACCOUNT, authToken: TOKEN, apiBase: emulator.baseUrl }),
      statusCallbackUrl: () => null,
      ratePerSecond: () => 50,
      intervalMs: 10_000,
    });
    const result = enqueue("no callback");
    await drain(3);
    const [sent] = emulator.emulator.messages;
    expect(sent).toMatchObject({ body: "no callback", statusCallback: null });
    expect(result.queued && findMessageById(t.db, result.message.id)?.messageSid).toBe(sent!.sid);
  });

  it("retries a 429 and still sends once", async () => {
    emulator.emulator.configure({ failNext: [{ status: 429, code: 20429 }, { status: 503, code: 20500 }] });
    const result = enqueue("after retries");
    if (!result.queued) throw new Error("expected queued");
    // random() = 0 makes each backoff half its ceiling; move the clock past it instead of sleeping.
    for (let i = 0; i < 3; i++) {
      worker.tick();
      await worker.idle();
      skew += 60_000;
    }
    expect(emulator.emulator.messages.filter((message) => message.body === "after retries")).toHaveLength(1);
    expect(findJobById(t.db, result.job.id)).toMatchObject({ state: "sent", attempts: 3 });
  });

  it("stores a permanent refusal from Twilio and logs it", async () => {
    emulator.emulator.configure({ failNext: [{ status: 400, code: 21211, message: "The 'To' number is not a valid phone number." }] });
    const result = enqueue("bad number");
    if (!result.queued) throw new Error("expected queued");
    await drain(2);
    expect(findMessageById(t.db, result.message.id)).toMatchObject({ status: "failed", errorCode: 21211 });
    expect(recentErrors(t.db, 1)[0]).toMatchObject({ source: "outbound", reason: "send failed" });
  });

  it("records a body Twilio refuses as over 1,600 characters (21617) as failed with that code, and does not retry it", async () => {
    const result = enqueue("y".repeat(1606));
    if (!result.queued) throw new Error("expected queued");
    await drain(2);
    skew = 120_000;
    await drain(2);
    expect(emulator.emulator.requests.map((request) => [request.kind, request.httpStatus, request.code])).toEqual([["create", 400, 21617]]);
    expect(findMessageById(t.db, result.message.id)).toMatchObject({ status: "failed", errorCode: 21617 });
    expect(findJobById(t.db, result.job.id)).toMatchObject({ state: "failed", attempts: 1, lastErrorCode: 21617 });
    expect(recentErrors(t.db, 1)[0]).toMatchObject({ source: "outbound", reason: "send failed", detail: expect.stringContaining("Twilio 21617") });
  });

  it("marks the contact opted out when Twilio refuses with 21610, and calls Twilio for none of their other messages", async () => {
    emulator.emulator.configure({ failNext: [{ status: 400, code: 21610 }] });
    const first = enqueue("first of the campaign");
    // Queued already, but due only after the refusal: requests in flight together cannot be helped.
    const second = enqueueMessage(t.db, { phone: PHONE, from: "whatsapp:+14155238886", content: { kind: "text", body: "second of the campaign" }, sentByUserId: null }, new Date(Date.now() + 5_000));
    if (!first.queued || !second.queued) throw new Error("expected queued");
    await drain(1);
    skew = 10_000;
    await drain(2);
    expect(emulator.emulator.requests.map((request) => [request.kind, request.httpStatus])).toEqual([["create", 400]]);
    expect(findContactByPhone(t.db, PHONE)).toMatchObject({ optedOut: true, optedOutAt: expect.any(Date) });
    expect(findMessageById(t.db, first.message.id)).toMatchObject({ status: "refused", errorCode: 21610, errorMessage: expect.stringContaining("opted out") });
    expect(findJobById(t.db, first.job.id)).toMatchObject({ state: "refused", attempts: 1, lastErrorCode: 21610 });
    expect(findMessageById(t.db, second.message.id)).toMatchObject({ status: "refused", errorMessage: expect.stringContaining("opted out") });
    expect(recentErrors(t.db, 5).filter((row) => row.source === "outbound")).toMatchObject([{ reason: "send refused" }]);
    expect(enqueue("a later campaign").queued).toBe(false);
    await drain(2);
    expect(emulator.emulator.requests).toHaveLength(1);
  });

  it("never calls the API for an opted-out contact", async () => {
    setOptedOut(t.db, 1, true, new Date());
    expect(enqueue("should not go").queued).toBe(false);
    await drain(2);
    expect(emulator.emulator.messages).toHaveLength(0);
  });

  it.each([
    ["opts out", () => setOptedOut(t.db, 1, true, new Date()), "opted out"],
    ["is blocked", () => setBlocked(t.db, PHONE, true, new Date()), "blocked"],
  ])("refuses a queued job without an API call when the contact %s before it is sent", async (_label, arrange, reason) => {
    const result = enqueue("campaign line");
    if (!result.queued) throw new Error("expected queued");
    arrange();
    await drain(2);
    expect(emulator.emulator.requests).toHaveLength(0);
    expect(findMessageById(t.db, result.message.id)).toMatchObject({ status: "refused", messageSid: null, errorMessage: expect.stringContaining(reason) });
    expect(findJobById(t.db, result.job.id)).toMatchObject({ state: "refused", lastError: expect.stringContaining(reason) });
  });

  it("keeps to the rate limit per round", async () => {
    await worker.stop();
    const frozen = new Date(Date.now() + 60_000);
    worker = startSendWorker({
      db: t.db,
      send: createMessageSender({ accountSid: ACCOUNT, authToken: TOKEN, apiBase: emulator.baseUrl }),
      statusCallbackUrl: () => "http://127.0.0.1:9/status",
      ratePerSecond: () => 2,
      intervalMs: 10_000,
      now: () => frozen,
    });
    for (let i = 0; i < 5; i++) enqueue(`m${i}`);
    worker.tick();
    await worker.idle();
    worker.tick();
    await worker.idle();
    // The clock did not move: only the bucket's first two tokens could be spent.
    expect(emulator.emulator.messages).toHaveLength(2);
  });
});

describe("recovering a send whose answer was lost", () => {
  it("finds the message Twilio already accepted instead of sending it again", async () => {
    const result = enqueue("only once please");
    if (!result.queued) throw new Error("expected queued");
    // A worker claims the job and gets it accepted, then dies before recording the answer.
    const { claimNextJob, LEASE_MS } = await import("./queue");
    const claimed = claimNextJob(t.db, new Date());
    const sender = createMessageSender({ accountSid: ACCOUNT, authToken: TOKEN, apiBase: emulator.baseUrl });
    const accepted = await sender.send({ from: claimed!.message.fromAddress, to: claimed!.message.toAddress, body: claimed!.message.body, statusCallback: "http://127.0.0.1:9/s" });
    t.db.$client.prepare("update outbound_jobs set lease_until = ?").run(Date.now() - LEASE_MS);
    await drain(2);
    expect(emulator.emulator.messages.filter((message) => message.body === "only once please")).toHaveLength(1);
    expect(findMessageById(t.db, result.message.id)?.messageSid).toBe(accepted.sid);
    expect(findJobById(t.db, result.job.id)?.state).toBe("sent");
  });

  describe("a template whose worker died after Twilio accepted it", () => {
    const creates = () => emulator.emulator.requests.filter((request) => request.kind === "create");

    /** A worker claims the template job and gets it accepted (201), then dies before completeJob. */
    async function abandonAcceptedTemplate() {
      const result = enqueueMessage(t.db, { phone: PHONE, from: "whatsapp:+14155238886", content: { kind: "template", contentSid: `HX${"d".repeat(32)}`, variables: { 1: "Asha" } }, sentByUserId: null });
      if (!result.queued) throw new Error("expected queued");
      const claimed = claimNextJob(t.db, new Date(Date.now() + skew))!;
      const sender = createMessageSender({ accountSid: ACCOUNT, authToken: TOKEN, apiBase: emulator.baseUrl });
      const accepted = await sender.send({ from: claimed.message.fromAddress, to: claimed.message.toAddress, contentSid: result.job.contentSid!, contentVariables: { 1: "Asha" }, statusCallback: "http://127.0.0.1:9/s" });
      expect(creates().map((request) => request.httpStatus)).toEqual([201]);
      return { ...result, sid: accepted.sid };
    }

    it("waits the settle period from that attempt before sending it once more", async () => {
      const result = await abandonAcceptedTemplate();
      for (const at of [LEASE_MS + 1000, TEMPLATE_SETTLE_MS / 2, TEMPLATE_SETTLE_MS - 1000]) {
        skew = at;
        await drain(1);
        expect(creates(), `at +${at} ms`).toHaveLength(1);
      }
      skew = TEMPLATE_SETTLE_MS + 1000;
      await drain(3);
      expect(creates().map((request) => request.httpStatus)).toEqual([201, 201]);
      expect(findJobById(t.db, result.job.id)).toMatchObject({ state: "sent", attempts: 2 });
    });

    it("is settled by a callback naming the job within the settle period, and never sent again", async () => {
      const result = await abandonAcceptedTemplate();
      skew = LEASE_MS + 1000;
      await drain(1);
      recordStatus(t.db, readStatusCallback(statusParams(result.sid, "delivered")), result.message.id, new Date(Date.now() + skew));
      skew = TEMPLATE_SETTLE_MS * 2;
      await drain(3);
      expect(creates()).toHaveLength(1);
      expect(findJobById(t.db, result.job.id)?.state).toBe("sent");
      expect(findMessageById(t.db, result.message.id)).toMatchObject({ messageSid: result.sid, status: "delivered" });
    });
  });

  describe("a retry's lookup does not take another message with the same text as its own", () => {
    const FROM = "whatsapp:+14155238886";
    const bodiesAtTwilio = (body: string) => emulator.emulator.messages.filter((message) => message.body === body).map((message) => message.direction);

    /** The first attempt gets a 500 with nothing created; the retry a second later looks at Twilio first. */
    async function sendThroughOne500(body: string, between: () => Promise<void> = async () => {}) {
      emulator.emulator.configure({ failNext: [{ status: 500, code: 20500 }] });
      const result = enqueueMessage(t.db, { phone: PHONE, from: FROM, content: { kind: "text", body }, sentByUserId: null }, new Date(Date.now() + skew));
      if (!result.queued) throw new Error("expected queued");
      await drain(1);
      await between();
      skew += 2_000;
      await drain(2);
      // One lookup: the messages sent since the first attempt and the newest, sent or not.
      expect(emulator.emulator.requests.filter((request) => request.kind === "list")).toHaveLength(2);
      return result;
    }

    it("skips one Twilio created before this job's first attempt (same day, no owner here)", async () => {
      const sender = createMessageSender({ accountSid: ACCOUNT, authToken: TOKEN, apiBase: emulator.baseUrl });
      // Sent from elsewhere (the console, another job whose answer was lost) a minute before.
      await sender.send({ from: FROM, to: `whatsapp:${PHONE}`, body: "Reply ACK to confirm", statusCallback: null });
      skew = 60_000;
      const result = await sendThroughOne500("Reply ACK to confirm");
      expect(bodiesAtTwilio("Reply ACK to confirm")).toEqual(["outbound-api", "outbound-api"]);
      expect(findMessageById(t.db, result.message.id)?.messageSid).toBe(emulator.emulator.messages[1]?.sid);
    });

    it("skips a TwiML reply Twilio sent after the first attempt", async () => {
      const webhook = createServer((_req, res) => {
        res.writeHead(200, { "content-type": "text/xml" });
        res.end(messagingTwiml({ body: "Thanks, noted" }));
      });
      await new Promise<void>((resolve) => webhook.listen(0, "127.0.0.1", resolve));
      try {
        const address = webhook.address();
        const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/incoming`;
        const result = await sendThroughOne500("Thanks, noted", async () => {
          await emulator.emulator.receiveFromPhone({ url, from: PHONE, body: "DONE" });
        });
        expect(bodiesAtTwilio("Thanks, noted")).toEqual(["outbound-reply", "outbound-api"]);
        expect(findMessageById(t.db, result.message.id)?.messageSid).toBe(emulator.emulator.messages.at(-1)?.sid);
      } finally {
        webhook.close();
      }
    });
  });

  it("still sends a second, separate message with the same text", async () => {
    enqueue("Reply ACK to confirm");
    await drain(2);
    enqueue("Reply ACK to confirm");
    await drain(2);
    expect(emulator.emulator.messages.filter((message) => message.body === "Reply ACK to confirm")).toHaveLength(2);
  });
});
