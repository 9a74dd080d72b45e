/**
 * Issue #10, part 5: Twilio misbehaving, end to end. The production server's send worker talks to
 * the emulator process over HTTP; the emulator's own record of every create request and every
 * message it created is what proves that no job was lost or sent twice.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db/client";
import { findMessageById } from "@/db/queries/messages";
import { findJobForMessage } from "@/db/queries/outbound-jobs";
import type { Message, OutboundJob } from "@/db/schema";
import type { CallbackRecord, EmulatedMessage, EmulatorConfigPatch, ForcedAnswer, RequestRecord } from "@/lib/emulator/emulator";
import { enqueueMessage } from "@/lib/outbound/queue";
import { updateSettings } from "@/lib/settings";
import { encodeForm, type FormParams } from "@/lib/twilio/form";
import { twilioSignature } from "@/lib/twilio/signature";
import { emulatorRequest, freePort, startEmulatorProcess, startServer, type RunningEmulatorProcess, type RunningServer } from "../support/server";
import { messageSid, statusParams } from "../support/twilio-fixtures";

const ACCOUNT = `AC${"34".repeat(16)}`;
const TOKEN = "faults-integration-token-00000000";
const FROM = "whatsapp:+14155238886";
// The server's REST client gives up after this; "slow" answers come well after it.
const CLIENT_TIMEOUT_MS = 1000;
const SLOW_MS = 2500;
const FAST_CALLBACKS = { queued: 0, sent: 20, delivered: 40, read: 60 };
// Later than a timed-out send's retry (timeout + at most 1 s of backoff): the queue must find the message itself.
const LATE_CALLBACKS = { queued: 3500, sent: 3500, delivered: 3550, read: 3600 };
const FINAL = new Set(["read", "undelivered", "failed"]);

let port: number;
let emulator: RunningEmulatorProcess;
let server: RunningServer;
let db: Db;
let phoneSeq = 0;

interface EmulatorState {
  messages: EmulatedMessage[];
  callbacks: CallbackRecord[];
  requests: RequestRecord[];
  scheduled: number;
}

const control = <T>(path: string, body?: unknown): Promise<T> => emulatorRequest<T>(emulator, { accountSid: ACCOUNT, authToken: TOKEN }, path, body);
const configure = (patch: EmulatorConfigPatch) => control("/__emulator/config", patch);
const emulatorState = () => control<EmulatorState>("/__emulator/messages");

/** Polls until `ok`, then returns the value; on timeout returns the last value so the assertions that follow say what is wrong. */
async function settleOn<T>(probe: () => T | Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Fresh phones that have written to us, so free text is inside the 24-hour window on both sides. */
async function phones(count: number): Promise<string[]> {
  const list = Array.from({ length: count }, () => `+9196${String(++phoneSeq).padStart(8, "0")}`);
  for (const phone of list) {
    const answer = await control<{ httpStatus: number }>("/__emulator/inbound", { from: phone, body: "hi", profileName: "Asha" });
    expect(answer.httpStatus).toBe(200);
  }
  return list;
}

/** Queues `count` texts spread over the phones, each with its own body. */
function enqueueBatch(label: string, recipients: string[], count: number): number[] {
  return Array.from({ length: count }, (_, index) => {
    const result = enqueueMessage(db, { phone: recipients[index % recipients.length]!, from: FROM, content: { kind: "text", body: `${label} #${index + 1}` }, sentByUserId: null });
    expect(result.queued).toBe(true);
    return result.message.id;
  });
}

/** Posts a status callback exactly as Twilio would: signed for the URL it goes to. */
async function postStatus(params: FormParams, query = ""): Promise<{ status: number; text: string }> {
  const url = `${server.baseUrl}/api/twilio/status${query}`;
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": twilioSignature(TOKEN, url, params) },
    body: encodeForm(params),
  });
  return { status: response.status, text: await response.text() };
}

const eventsFor = (sid: string) => db.$client.prepare("select status, message_id as messageId from status_events where message_sid = ? order by id").all(sid) as { status: string; messageId: number | null }[];
const statusErrors = () => (db.$client.prepare("select count(*) as n from error_log where source = 'webhook.status'").get() as { n: number }).n;

interface Row {
  message: Message;
  job: OutboundJob;
}

type Figures = {
  jobs: number;
  sent: number;
  failed: number;
  attempts: number;
  creates: number;
  refusedCreates: number;
  lookups: number;
  created: number;
  doubles: number;
  callbacks: number;
  [extra: string]: unknown;
};

/**
 * Waits until every job settled and every message reached the emulator's final status, then checks
 * each job: sent exactly once (one message at the emulator, its SID stored, the same final status,
 * one status event per callback) or definitively failed with Twilio's code and nothing created.
 */
async function expectSettled(ids: number[], extraEvents: Map<string, number> = new Map(), timeoutMs = 20_000): Promise<Figures> {
  const rows = () => ids.map((id): Row => ({ message: findMessageById(db, id)!, job: findJobForMessage(db, id)! }));
  const { state, jobs } = await settleOn(
    async () => ({ state: await emulatorState(), jobs: rows() }),
    ({ state: current, jobs: now }) =>
      current.scheduled === 0 &&
      current.callbacks.every((callback) => callback.httpStatus !== null) &&
      now.every(({ message, job }) => {
        if (job.state === "failed") return true;
        const remote = current.messages.find((item) => item.sid === message.messageSid);
        return job.state === "sent" && remote !== undefined && FINAL.has(remote.status) && remote.status === message.status;
      }),
    timeoutMs,
  );
  let doubles = 0;
  for (const { message, job } of jobs) {
    const created = state.messages.filter((item) => item.direction === "outbound-api" && item.to === message.toAddress && item.body === message.body);
    doubles += Math.max(0, created.length - 1);
    expect(job.state, message.body).toMatch(/^(sent|failed)$/);
    if (job.state === "sent") {
      expect(created, message.body).toHaveLength(1);
      const remote = created[0]!;
      expect(message.messageSid).toBe(remote.sid);
      expect(message.status, message.body).toBe(remote.status);
      expect(message.errorCode).toBe(remote.errorCode);
      const callbacks = state.callbacks.filter((callback) => callback.sid === remote.sid);
      expect(callbacks.every((callback) => callback.httpStatus === 200)).toBe(true);
      const events = eventsFor(remote.sid);
      expect(events).toHaveLength(callbacks.length + (extraEvents.get(remote.sid) ?? 0));
      expect(events.every((event) => event.messageId === message.id)).toBe(true);
    } else {
      expect(created, message.body).toHaveLength(0);
      expect(job.lastErrorCode).not.toBeNull();
      expect(message).toMatchObject({ status: "failed", errorCode: job.lastErrorCode, messageSid: null });
    }
  }
  const creates = state.requests.filter((request) => request.kind === "create");
  const sids = new Set(jobs.map(({ message }) => message.messageSid));
  return {
    jobs: jobs.length,
    sent: jobs.filter(({ job }) => job.state === "sent").length,
    failed: jobs.filter(({ job }) => job.state === "failed").length,
    attempts: jobs.reduce((sum, { job }) => sum + job.attempts, 0),
    creates: creates.length,
    refusedCreates: creates.filter((request) => request.httpStatus !== 201).length,
    lookups: state.requests.filter((request) => request.kind === "list").length,
    created: state.messages.filter((item) => item.direction === "outbound-api").length,
    doubles,
    callbacks: state.callbacks.filter((callback) => sids.has(callback.sid)).length,
  };
}

function report(scenario: string, figures: Figures) {
  console.log(`[twilio-faults] ${scenario}: ${JSON.stringify(figures)}`);
}

beforeAll(async () => {
  port = await freePort();
  emulator = await startEmulatorProcess([
    "--account-sid", ACCOUNT, "--auth-token", TOKEN, "--incoming-url", `http://127.0.0.1:${port}/api/twilio/incoming`,
    "--sent-delay", "20", "--delivered-delay", "40", "--read-delay", "60",
  ]);
  server = await startServer(
    { ADMIN_EMAIL: "", ADMIN_PASSWORD: "", TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_API_BASE: emulator.baseUrl, TWILIO_WHATSAPP_FROM: FROM, TWILIO_TIMEOUT_MS: String(CLIENT_TIMEOUT_MS) },
    { port },
  );
  db = openDatabase(server.databasePath);
  updateSettings(db, { id: null, label: "test" }, { incomingEnabled: true, cooldownSeconds: 0, sendRatePerSecond: 20 });
}, 180_000);

afterAll(async () => {
  db?.$client.close();
  await server?.stop();
  await emulator?.stop();
});

beforeEach(async () => {
  // Each scenario reads the emulator's records from a clean slate; callbacks of the last one have all landed.
  await control("/__emulator/reset", {});
  await configure({ failureRate: 0, outOfOrderRate: 0, duplicateRate: 0, delaysMs: FAST_CALLBACKS });
});

describe("Twilio faults against the production server", () => {
  it("a burst of 20 500/503 answers: 15 jobs retry with backoff and are each sent exactly once", async () => {
    const burst: ForcedAnswer[] = Array.from({ length: 20 }, (_, index) => (index % 2 ? { status: 503, code: 20503 } : { status: 500, code: 20500 }));
    await configure({ failNext: burst });
    const ids = enqueueBatch("Burst", await phones(3), 15);
    const figures = await expectSettled(ids);
    expect(figures).toMatchObject({ jobs: 15, sent: 15, failed: 0, created: 15, doubles: 0, creates: 35, refusedCreates: 20, attempts: 35 });
    report("5xx burst", figures);
  });

  it("a storm of 24 429s: the worker pauses instead of hammering, then sends 25 jobs once each", async () => {
    await configure({ failNext: Array.from({ length: 24 }, () => ({ status: 429, code: 20429 })) });
    const ids = enqueueBatch("Storm", await phones(5), 25);
    const figures = await expectSettled(ids, new Map(), 30_000);
    expect(figures).toMatchObject({ jobs: 25, sent: 25, failed: 0, created: 25, doubles: 0, creates: 49, refusedCreates: 24 });

    const throttled = (await emulatorState()).requests.filter((request) => request.httpStatus === 429).map((request) => request.at);
    const spanMs = throttled.at(-1)! - throttled[0]!;
    const busiestSecond = Math.max(...throttled.map((start) => throttled.filter((at) => at >= start && at < start + 1000).length));
    // At 20/s with only per-job backoff the 24 would all be spent within ~0.3 s. A paused worker
    // spends its first bucket (20), then waits at least 0.5 s and 1 s before the next two rounds.
    expect(spanMs).toBeGreaterThanOrEqual(1400);
    expect(busiestSecond).toBeLessThanOrEqual(22);
    report("429 storm", { ...figures, storm429s: throttled.length, stormSpanMs: spanMs, busiestSecond });
  }, 40_000);

  it("answers slower than the client's timeout: the callback or the lookup finds the message, none is sent twice", async () => {
    // Callbacks arrive long before the timeout: they name the job, so the SID is known already.
    await configure({ failNext: [{ slowMs: SLOW_MS }, { slowMs: SLOW_MS }, { slowMs: SLOW_MS }] });
    const early = enqueueBatch("Slow, callbacks first", await phones(3), 3);
    const first = await expectSettled(early);
    expect(first).toMatchObject({ jobs: 3, sent: 3, created: 3, doubles: 0, creates: 3 });
    report("slow answers, callbacks first", first);

    // No callback before the retry: the queue has to look the message up at Twilio.
    await control("/__emulator/reset", {});
    await configure({ delaysMs: LATE_CALLBACKS, failNext: [{ slowMs: SLOW_MS }, { status: 500, code: 20500, afterCreate: true }, { slowMs: SLOW_MS }] });
    const late = enqueueBatch("Slow, no callbacks yet", await phones(3), 3);
    const second = await expectSettled(late);
    expect(second).toMatchObject({ jobs: 3, sent: 3, created: 3, doubles: 0, creates: 3 });
    expect(second.lookups).toBeGreaterThanOrEqual(3);
    report("slow answers and 500-after-create, callbacks late", second);
  }, 30_000);

  it("a template send answered 500 after Twilio created it waits for the callbacks instead of sending again", async () => {
    // A template cannot be looked up by its body (Twilio renders it), and the callbacks come after the usual backoff.
    await configure({ delaysMs: LATE_CALLBACKS, failNext: [{ status: 500, code: 20500, afterCreate: true }] });
    const [phone] = await phones(1);
    const queued = enqueueMessage(db, { phone: phone!, from: FROM, content: { kind: "template", contentSid: `HX${"7".repeat(32)}`, variables: { 1: "Asha" } }, sentByUserId: null });
    if (!queued.queued) throw new Error("expected queued");
    const settled = await settleOn(
      async () => ({ job: findJobForMessage(db, queued.message.id)!, message: findMessageById(db, queued.message.id)! }),
      ({ job, message }) => job.state === "sent" && message.messageSid !== null,
      15_000,
    );
    const state = await emulatorState();
    const creates = state.requests.filter((request) => request.kind === "create");
    expect(creates).toHaveLength(1);
    expect(state.messages.filter((item) => item.direction === "outbound-api" && item.to === `whatsapp:${phone}`).map((item) => item.sid)).toEqual([settled.message.messageSid]);
    expect(settled.job.attempts).toBe(1);
  }, 30_000);

  it("callbacks for unknown SIDs are kept and adopted later; duplicated and out-of-order callbacks leave the right status", async () => {
    const extra = new Map<string, number>();
    const [phone] = await phones(1);

    // Nobody knows this SID: 200 OK, kept as an orphan, no error.
    const stranger = messageSid();
    expect(await postStatus(statusParams(stranger, "delivered", { To: `whatsapp:${phone}` }))).toEqual({ status: 200, text: "OK" });
    expect(eventsFor(stranger)).toEqual([{ status: "delivered", messageId: null }]);

    // A send whose answer is late and whose own callbacks are later still: Twilio's "delivered" and
    // then "sent" reach our plain status URL first, as orphans, and are adopted when the queue finds the message.
    await configure({ delaysMs: LATE_CALLBACKS, failNext: [{ slowMs: SLOW_MS }] });
    const [adoptedId] = enqueueBatch("Orphans first", [phone!], 1);
    const created = await settleOn(emulatorState, (state) => state.messages.some((item) => item.body === "Orphans first #1"), 5000);
    const sid = created.messages.find((item) => item.body === "Orphans first #1")!.sid;
    for (const status of ["delivered", "sent"]) expect(await postStatus(statusParams(sid, status, { To: `whatsapp:${phone}` }))).toEqual({ status: 200, text: "OK" });
    extra.set(sid, 2);
    expect(eventsFor(sid)).toEqual([{ status: "delivered", messageId: null }, { status: "sent", messageId: null }]);
    const adopted = await settleOn(() => findMessageById(db, adoptedId!), (row) => row?.messageSid === sid, 5000);
    expect(adopted).toMatchObject({ messageSid: sid, status: "delivered" });
    expect((await emulatorState()).callbacks.filter((callback) => callback.sid === sid)).toHaveLength(0);
    expect(eventsFor(sid).every((event) => event.messageId === adoptedId)).toBe(true);

    // Every callback twice, "read" before "delivered": still read, every copy recorded.
    await configure({ delaysMs: FAST_CALLBACKS, duplicateRate: 1, outOfOrderRate: 1 });
    const shuffled = enqueueBatch("Twice and swapped", [phone!], 4);
    await expectSettled(shuffled);
    // Failed for good, then a late "sent" and "delivered": a failure is never revived.
    await configure({ duplicateRate: 0, outOfOrderRate: 0, failureRate: 1 });
    const undelivered = enqueueBatch("Undelivered", [phone!], 2);
    const ids = [adoptedId!, ...shuffled, ...undelivered];
    const before = await expectSettled(ids, extra);
    for (const id of undelivered) {
      const message = findMessageById(db, id)!;
      for (const status of ["sent", "delivered", "undelivered"]) expect((await postStatus(statusParams(message.messageSid!, status))).status).toBe(200);
      extra.set(message.messageSid!, 3);
      expect(findMessageById(db, id)).toMatchObject({ status: "undelivered", errorCode: 30003 });
    }
    // And a late "delivered" and a third "read" for one that was read.
    const read = findMessageById(db, shuffled[0]!)!;
    for (const status of ["delivered", "read"]) expect((await postStatus(statusParams(read.messageSid!, status))).status).toBe(200);
    extra.set(read.messageSid!, 2);
    const after = await expectSettled(ids, extra);
    expect(findMessageById(db, shuffled[0]!)?.status).toBe("read");
    const state = await emulatorState();
    const swapped = state.callbacks.filter((callback) => callback.sid === read.messageSid).map((callback) => callback.status);
    expect(swapped.indexOf("read")).toBeLessThan(swapped.indexOf("delivered"));
    expect(swapped.filter((status) => status === "read")).toHaveLength(2);
    expect(after).toMatchObject({ jobs: 7, sent: 7, created: 7, doubles: 0 });
    expect(before.doubles).toBe(0);
    expect(statusErrors()).toBe(0);
    report("callbacks: orphans, duplicates, out of order", { ...after, orphanEvents: 3, testPostedEvents: [...extra.values()].reduce((a, b) => a + b, 0) + 1 });
  }, 30_000);

  it("a batch of 50 sends under a random mix of every fault: each job sent once or failed with its code, statuses right", async () => {
    let seed = 0x5eed;
    const random = () => {
      // mulberry32: the same mix on every run, so a failure can be replayed.
      seed = (seed + 0x6d2b79f5) | 0;
      let value = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
      return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
    };
    const faults: ForcedAnswer[] = [
      ...Array.from({ length: 8 }, () => ({ status: 500, code: 20500 })),
      ...Array.from({ length: 6 }, () => ({ status: 503, code: 20503 })),
      ...Array.from({ length: 6 }, () => ({ status: 429, code: 20429 })),
      ...Array.from({ length: 5 }, () => ({ slowMs: SLOW_MS })),
      ...Array.from({ length: 4 }, () => ({ status: 500, code: 20500, afterCreate: true })),
      ...Array.from({ length: 2 }, () => ({ status: 400, code: 21211, message: "The 'To' number is not a valid phone number." })),
    ];
    for (let index = faults.length - 1; index > 0; index--) {
      const other = Math.floor(random() * (index + 1));
      [faults[index], faults[other]] = [faults[other]!, faults[index]!];
    }
    await configure({ failNext: faults, outOfOrderRate: 0.3, duplicateRate: 0.3, failureRate: 0.1 });
    const ids = enqueueBatch("Mix", await phones(10), 50);
    // Strangers' callbacks keep arriving meanwhile.
    const strangers = Array.from({ length: 10 }, () => messageSid());
    for (const sid of strangers) expect((await postStatus(statusParams(sid, "sent"))).status).toBe(200);

    const figures = await expectSettled(ids, new Map(), 30_000);
    expect(figures).toMatchObject({ jobs: 50, sent: 48, failed: 2, created: 48, doubles: 0 });
    for (const id of ids) {
      const job = findJobForMessage(db, id)!;
      if (job.state === "failed") expect(job.lastErrorCode).toBe(21211);
    }
    expect(strangers.flatMap(eventsFor).every((event) => event.messageId === null)).toBe(true);
    expect(statusErrors()).toBe(0);
    const statuses = ids.map((id) => findMessageById(db, id)!.status);
    report("mix", { ...figures, faultsInjected: faults.length, finalStatuses: Object.fromEntries([...new Set(statuses)].map((status) => [status, statuses.filter((s) => s === status).length])) });
  }, 40_000);
});
