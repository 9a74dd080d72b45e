import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db/client";
import { findMessageById } from "@/db/queries/messages";
import { createSession, SESSION_COOKIE } from "@/lib/auth/sessions";
import { createUser } from "@/lib/auth/users";
import type { EmulatedMessage } from "@/lib/emulator/emulator";
import { enqueueMessage } from "@/lib/outbound/queue";
import { updateSettings } from "@/lib/settings";
import { classify, residentMiB, webhookStream, type Answer } from "../support/load";
import { emulatorRequest, freePort, startEmulatorProcess, startServer, type RunningEmulatorProcess, type RunningServer } from "../support/server";

const ACCOUNT = `AC${"5e".repeat(16)}`;
const TOKEN = "resilience-auth-token-0123456789ab";
const SESSION_SECRET = "resilience-session-secret-0123456789";
const FROM = "whatsapp:+14155238886";
const BASE_ENV = { TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: TOKEN, SESSION_SECRET, ADMIN_EMAIL: "", ADMIN_PASSWORD: "" };
const admin = { id: null, label: "test" };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function openAll(server: RunningServer): Db {
  const db = openDatabase(server.databasePath);
  updateSettings(db, admin, { incomingEnabled: true, cooldownSeconds: 0, dailyLimit: 1_000_000 });
  return db;
}

/** One production server for a describe block: started before its tests, with incoming on and a connection to its database. */
function liveServer(env: Record<string, string>): { server: RunningServer; db: Db } {
  const live = {} as { server: RunningServer; db: Db };
  beforeAll(async () => {
    live.server = await startServer(env);
    live.db = openAll(live.server);
  }, 180_000);
  afterAll(async () => {
    live.db?.$client.close();
    await live.server?.stop();
  });
  return live;
}

/** How many rows each acknowledged MessageSid has: every one must be exactly 1. */
function storedCounts(db: Db, sids: string[]): Map<string, number> {
  const count = db.$client.prepare("select count(*) from messages where message_sid = ?").pluck();
  return new Map(sids.map((sid) => [sid, count.get(sid) as number]));
}

const acknowledgedSids = (answers: Answer[]) => answers.filter((answer) => answer.status !== null && answer.status >= 200 && answer.status < 300).map((answer) => answer.sid);

describe("overload", () => {
  const live = liveServer(BASE_ENV);

  it("answers 200 connections of webhooks plus dashboard traffic without a 5xx, stores every acknowledged message once, with memory bounded", async () => {
    const { server, db } = live;
    const user = await createUser(db, admin, { email: "load@example.com", name: "Load", role: "admin", password: "password-123" });
    const cookie = `${SESSION_COOKIE}=${createSession(db, SESSION_SECRET, user.id, { ip: null, userAgent: null }).token}`;
    const residentBefore = residentMiB(server.child.pid!);
    let residentPeak = residentBefore;
    const deadline = Date.now() + 6_000;
    const stop = () => Date.now() > deadline;
    const sampler = setInterval(() => (residentPeak = Math.max(residentPeak, residentMiB(server.child.pid!))), 200);
    const pages = ["/inbox", "/analytics?period=30d", "/inbox?q=help", "/", "/logs"];
    const dashboard: number[] = [];
    const browse = async () => {
      for (let n = 0; !stop(); n++) dashboard.push((await fetch(`${server.baseUrl}${pages[n % pages.length]}`, { headers: { cookie }, redirect: "manual" })).status);
    };
    const [answers] = await Promise.all([webhookStream({ baseUrl: server.baseUrl, authToken: TOKEN, accountSid: ACCOUNT, connections: 200, stop }), ...Array.from({ length: 4 }, browse)]);
    clearInterval(sampler);

    const classes = classify(answers);
    console.log(`overload: ${answers.length} webhooks ${JSON.stringify(classes)}, ${dashboard.length} dashboard pages, RSS ${residentBefore} → peak ${residentPeak} MiB`);
    expect(answers.length).toBeGreaterThan(500);
    expect(classes).toEqual({ "2xx": answers.length, "4xx": 0, "503": 0, "5xx": 0, failed: 0 });
    expect(dashboard.length).toBeGreaterThan(10);
    expect(dashboard.every((status) => status === 200)).toBe(true);
    const counts = storedCounts(db, acknowledgedSids(answers));
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    const log = readFileSync(server.logPath, "utf8");
    expect(log).not.toMatch(/SQLITE_BUSY|database is locked|Webhook failed/);
    // Bodies are capped at 64 KiB and requests at MAX_IN_FLIGHT, so a flood cannot grow the heap without bound.
    expect(residentPeak).toBeLessThan(1024);
  }, 60_000);
});

describe("load shedding beyond MAX_IN_FLIGHT", () => {
  const live = liveServer({ ...BASE_ENV, MAX_IN_FLIGHT: "4" });

  it("answers the excess 503 with Retry-After, stores none of it, keeps health answering, and logs the shedding", async () => {
    const { server, db } = live;
    const deadline = Date.now() + 3_000;
    const streaming = webhookStream({ baseUrl: server.baseUrl, authToken: TOKEN, accountSid: ACCOUNT, connections: 64, stop: () => Date.now() > deadline });
    await sleep(1_000);
    const health = await fetch(`${server.baseUrl}/api/health`);
    const answers = await streaming;

    const classes = classify(answers);
    console.log(`shedding: ${answers.length} webhooks ${JSON.stringify(classes)}`);
    expect(health.status).toBe(200);
    expect(classes["503"]).toBeGreaterThan(0);
    expect(classes["2xx"]).toBeGreaterThan(0);
    expect(classes["2xx"] + classes["503"]).toBe(answers.length);
    expect(answers.filter((answer) => answer.status === 503).every((answer) => answer.retryAfter === "1")).toBe(true);
    expect([...storedCounts(db, acknowledgedSids(answers)).values()].every((count) => count === 1)).toBe(true);
    const shed = answers.filter((answer) => answer.status === 503).map((answer) => answer.sid);
    expect([...storedCounts(db, shed).values()].every((count) => count === 0)).toBe(true);

    // The server logs its shed count once a second: wait for the rows to add up, not for a fixed time.
    const overloadRows = () => db.$client.prepare("select reason, detail from error_log where source = 'http.overload'").all() as { reason: string; detail: string }[];
    const loggedShed = () => overloadRows().reduce((sum, row) => sum + Number(row.detail.split(" ")[0]), 0);
    await expect.poll(loggedShed, { timeout: 10_000, interval: 200 }).toBe(classes["503"]);
    expect(overloadRows()[0]!.detail).toMatch(/^\d+ requests answered 503 in the last second \(MAX_IN_FLIGHT 4\)$/);
    expect(readFileSync(server.logPath, "utf8")).toContain("Overloaded:");
  }, 60_000);
});

describe("crash under load", () => {
  let emulator: RunningEmulatorProcess;
  let server: RunningServer;
  let db: Db;
  let port: number;
  let env: Record<string, string>;

  beforeAll(async () => {
    port = await freePort();
    emulator = await startEmulatorProcess(["--account-sid", ACCOUNT, "--auth-token", TOKEN, "--incoming-url", `http://127.0.0.1:${port}/api/twilio/incoming`, "--sent-delay", "20", "--delivered-delay", "40", "--read-delay", "60"]);
    env = { ...BASE_ENV, TWILIO_API_BASE: emulator.baseUrl, TWILIO_WHATSAPP_FROM: FROM };
    server = await startServer(env, { port, keepFiles: true });
    db = openAll(server);
  }, 180_000);
  afterAll(async () => {
    db?.$client.close();
    await server?.stop();
    await emulator?.stop();
  });

  it("kill -9 under a steady webhook stream and a busy send queue: every acknowledged message stored once, no send doubled, integrity intact", async () => {
    const phone = "+919866666666";
    const control = (path: string, body?: unknown) => emulatorRequest<{ messages: EmulatedMessage[] }>(emulator, { accountSid: ACCOUNT, authToken: TOKEN }, path, body);
    await control("/__emulator/inbound", { from: phone, body: "hi", profileName: "Crash" });
    updateSettings(db, admin, { sendRatePerSecond: 5 });
    const jobs = Array.from({ length: 25 }, (_, index) => enqueueMessage(db, { phone, from: FROM, content: { kind: "text", body: `Notice ${index + 1}` }, sentByUserId: null }).message.id);

    let stopAt = Number.POSITIVE_INFINITY;
    const streaming = webhookStream({ baseUrl: server.baseUrl, authToken: TOKEN, accountSid: ACCOUNT, connections: 16, stop: () => Date.now() > stopAt });
    await sleep(1_500);
    await server.crash();
    server = await startServer(env, { databasePath: server.databasePath, port, keepFiles: true });
    updateSettings(db, admin, { sendRatePerSecond: 50 });
    await sleep(1_500);
    stopAt = Date.now();
    const answers = await streaming;

    const classes = classify(answers);
    console.log(`crash: ${answers.length} webhooks ${JSON.stringify(classes)}`);
    expect(classes["2xx"]).toBeGreaterThan(50);
    expect(classes["5xx"] + classes["4xx"] + classes["503"]).toBe(0);
    expect(classes.failed).toBeGreaterThan(0);
    const counts = storedCounts(db, acknowledgedSids(answers));
    expect([...counts.entries()].filter(([, count]) => count !== 1)).toEqual([]);
    expect(db.$client.pragma("integrity_check", { simple: true })).toBe("ok");

    const deadline = Date.now() + 60_000;
    while (!jobs.every((id) => findMessageById(db, id)?.messageSid) && Date.now() < deadline) await sleep(200);
    const sent = (await control("/__emulator/messages")).messages.filter((message) => message.direction === "outbound-api" && message.to === `whatsapp:${phone}`);
    expect(sent.map((message) => message.body).sort()).toEqual(Array.from({ length: 25 }, (_, index) => `Notice ${index + 1}`).sort());
  }, 120_000);
});
