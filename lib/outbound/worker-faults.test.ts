import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { upsertContactOnInbound } from "@/db/queries/contacts";
import { findMessageById } from "@/db/queries/messages";
import { findJobById } from "@/db/queries/outbound-jobs";
import type { ForcedAnswer } from "@/lib/emulator/emulator";
import { listenEmulator, type RunningEmulator } from "@/lib/emulator/http-server";
import { createMessageSender } from "@/lib/twilio/client";
import { tempDb, type TempDb } from "@/tests/support/db";
import { enqueueMessage, MAX_ATTEMPTS, type EnqueueResult } from "./queue";
import { startSendWorker, type SendWorker } from "./worker";

const ACCOUNT = `AC${"ef".repeat(16)}`;
const TOKEN = "worker-faults-token-0123456789ab";
const PHONE = "+919812345670";
const STEP_MS = 100;
// Short enough that a "slow" answer costs a fraction of a second of real time.
const CLIENT_TIMEOUT_MS = 300;

let emulator: RunningEmulator;
let t: TempDb;
let worker: SendWorker | undefined;
/** The worker's clock: simulated, moved by `run`, so minutes of backoff take milliseconds. */
let clock = 0;

beforeAll(async () => {
  // Callbacks go nowhere: these tests prove the queue alone never loses or doubles a send.
  emulator = await listenEmulator({ accountSid: ACCOUNT, authToken: TOKEN, enforceWindow: false, delaysMs: { sent: 5, delivered: 10, read: 15 } });
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.emulator.reset();
  t = tempDb();
  clock = Date.now();
  upsertContactOnInbound(t.db, { phone: PHONE, channel: "whatsapp", profileName: "Asha", waId: null, at: new Date(clock), day: "x" });
});
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
  t.close();
});

function start(ratePerSecond: number) {
  worker = startSendWorker({
    db: t.db,
    send: createMessageSender({ accountSid: ACCOUNT, authToken: TOKEN, apiBase: emulator.baseUrl, timeoutMs: CLIENT_TIMEOUT_MS }),
    statusCallbackUrl: (key) => `http://127.0.0.1:9/api/twilio/status?job=${key}`,
    ratePerSecond: () => ratePerSecond,
    intervalMs: 3_600_000,
    random: () => 0,
    now: () => new Date(clock),
  });
  return worker;
}

function enqueueMany(count: number, label: string): EnqueueResult[] {
  return Array.from({ length: count }, (_, index) =>
    enqueueMessage(t.db, { phone: PHONE, from: "whatsapp:+14155238886", content: { kind: "text", body: `${label} ${index + 1}` }, sentByUserId: null }, new Date(clock)),
  );
}

/** What the worker's own timer would do: a round every STEP_MS of simulated time, until every job settled. */
async function runUntilSettled(running: SendWorker, results: EnqueueResult[], limitMs = 120_000): Promise<{ at: number; creates: number }[]> {
  const rounds: { at: number; creates: number }[] = [];
  const started = clock;
  const settled = () => results.every((result) => result.queued && ["sent", "failed"].includes(findJobById(t.db, result.job.id)?.state ?? ""));
  while (!settled()) {
    if (clock - started > limitMs) throw new Error(`jobs did not settle: ${JSON.stringify(results.map((result) => result.queued && findJobById(t.db, result.job.id)?.state))}`);
    const before = emulator.emulator.requests.filter((request) => request.kind === "create").length;
    running.tick();
    await running.idle();
    rounds.push({ at: clock - started, creates: emulator.emulator.requests.filter((request) => request.kind === "create").length - before });
    clock += STEP_MS;
  }
  return rounds;
}

/** Every job sent exactly once: one message at the emulator with its text, and its SID stored. */
function expectEachSentOnce(results: EnqueueResult[]) {
  for (const result of results) {
    if (!result.queued) throw new Error("expected queued");
    const message = findMessageById(t.db, result.message.id)!;
    const created = emulator.emulator.messages.filter((sent) => sent.body === message.body);
    expect(created, message.body).toHaveLength(1);
    expect(message.messageSid).toBe(created[0]?.sid);
    expect(findJobById(t.db, result.job.id)?.state).toBe("sent");
  }
  expect(emulator.emulator.messages).toHaveLength(results.length);
}

const attemptsOf = (results: EnqueueResult[]) => results.reduce((sum, result) => sum + (result.queued ? (findJobById(t.db, result.job.id)?.attempts ?? 0) : 0), 0);

describe("send worker under Twilio faults", () => {
  it("rides out a burst of 18 500/503 answers: 12 jobs, each sent exactly once", async () => {
    const burst: ForcedAnswer[] = Array.from({ length: 18 }, (_, index) => (index % 2 ? { status: 503, code: 20503 } : { status: 500, code: 20500 }));
    emulator.emulator.configure({ failNext: burst });
    const results = enqueueMany(12, "Burst");
    await runUntilSettled(start(50), results);
    expectEachSentOnce(results);
    expect(attemptsOf(results)).toBe(12 + 18);
    expect(emulator.emulator.requests.filter((request) => request.kind === "create").map((request) => request.httpStatus).sort()).toEqual([...Array(12).fill(201), ...Array(9).fill(500), ...Array(9).fill(503)].sort());
  });

  it("pauses all sending through a storm of 30 429s instead of hammering, then sends 40 jobs once each", async () => {
    emulator.emulator.configure({ failNext: Array.from({ length: 30 }, () => ({ status: 429, code: 20429 })) });
    const results = enqueueMany(40, "Storm");
    const rounds = await runUntilSettled(start(20), results);
    expectEachSentOnce(results);

    // Rounds that reached the API, while 429s were coming back: the first spends the full bucket
    // (20); after each pause, which doubles, the rate ramps up again from nothing (2 per 100 ms).
    const stormRounds = rounds.filter((round) => round.creates > 0).slice(0, 6);
    expect(stormRounds).toEqual([
      { at: 0, creates: 20 },
      { at: 500, creates: 2 },
      { at: 1500, creates: 2 },
      { at: 3500, creates: 2 },
      { at: 7500, creates: 2 },
      { at: 15_500, creates: 2 },
    ]);
    // Without the pause the worker would have spent the whole storm in half a second at its rate.
    const creates = emulator.emulator.requests.filter((request) => request.kind === "create");
    expect(creates.filter((request) => request.httpStatus === 429)).toHaveLength(30);
    expect(creates).toHaveLength(70);
  });

  it("keeps jobs through more 429s each than the attempt limit, then sends each once", async () => {
    const storm = 2 * (MAX_ATTEMPTS + 2);
    emulator.emulator.configure({ failNext: Array.from({ length: storm }, () => ({ status: 429, code: 20429 })) });
    const results = enqueueMany(2, "Throttled");
    // The worker pauses after each 429 (up to a minute), so the storm takes simulated minutes.
    await runUntilSettled(start(2), results, 30 * 60_000);
    expectEachSentOnce(results);
    expect(emulator.emulator.requests.filter((request) => request.kind === "create" && request.httpStatus === 429)).toHaveLength(storm);
    expect(results.map((result) => result.queued && findJobById(t.db, result.job.id)?.attempts)).toEqual([MAX_ATTEMPTS + 3, MAX_ATTEMPTS + 3]);
  });

  it("finds a message created by a send whose answer came after the client's timeout instead of sending it again", async () => {
    emulator.emulator.configure({ failNext: [{ slowMs: CLIENT_TIMEOUT_MS * 4 }, { status: 500, code: 20500, afterCreate: true }] });
    const results = enqueueMany(4, "Slow");
    await runUntilSettled(start(50), results);
    expectEachSentOnce(results);
    expect(attemptsOf(results)).toBe(4 + 2);
    const requests = emulator.emulator.requests;
    expect(requests.filter((request) => request.kind === "create")).toHaveLength(4);
    // One lookup (sent since the first attempt, and the newest sent or not) per retried job, and no second create for either.
    expect(requests.filter((request) => request.kind === "list")).toHaveLength(4);
  });

  it("finds a message Twilio accepted but has not sent yet (no date_sent) instead of sending it again", async () => {
    const holding = await listenEmulator({ accountSid: ACCOUNT, authToken: TOKEN, enforceWindow: false, delaysMs: { sent: 60_000, delivered: 61_000, read: 62_000 } });
    try {
      holding.emulator.configure({ failNext: [{ status: 500, code: 20500, afterCreate: true }] });
      const [result] = enqueueMany(1, "Held");
      worker = startSendWorker({
        db: t.db,
        send: createMessageSender({ accountSid: ACCOUNT, authToken: TOKEN, apiBase: holding.baseUrl, timeoutMs: CLIENT_TIMEOUT_MS }),
        statusCallbackUrl: (key) => `http://127.0.0.1:9/api/twilio/status?job=${key}`,
        ratePerSecond: () => 50,
        intervalMs: 3_600_000,
        random: () => 0,
        now: () => new Date(clock),
      });
      await runUntilSettled(worker, [result!]);
      expect(holding.emulator.messages).toHaveLength(1);
      expect(holding.emulator.messages[0]?.status).toBe("queued");
      if (!result?.queued) throw new Error("expected queued");
      expect(findMessageById(t.db, result.message.id)?.messageSid).toBe(holding.emulator.messages[0]?.sid);
      expect(findJobById(t.db, result.job.id)).toMatchObject({ state: "sent", attempts: 2 });
    } finally {
      await worker?.stop();
      worker = undefined;
      await holding.close();
    }
  });
});
