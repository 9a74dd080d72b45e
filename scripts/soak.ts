/**
 * `npm run soak [-- --minutes 5 --connections 200 --crash-every 45 --fuzz-scale 10]`: the long
 * version of the resilience tests. A production server (simulator mode, against the emulator as
 * its own process) takes a steady stream of signed webhooks over many connections, dashboard
 * traffic and a send queue, while the emulator answers with a burst of 503s and 429s every 40 s, out-of-order
 * and failed callbacks, and the server is killed with SIGKILL and restarted on a schedule. Then it
 * proves: every acknowledged MessageSid stored exactly once, every queued send made exactly once,
 * the database intact, the hash chains intact, the search index complete, the analytics exact. Then the fuzz suite runs at
 * `--fuzz-scale` times its usual number of cases. Figures go to bench/results/soak-*.json.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import path from "node:path";
import { openDatabase, type Db } from "../db/client";
import { findMessageById } from "../db/queries/messages";
import { verifySearchIndex } from "../db/search-index";
import { verifyAggregates } from "../lib/analytics/verify";
import { createSession, SESSION_COOKIE } from "../lib/auth/sessions";
import { createUser } from "../lib/auth/users";
import type { EmulatedMessage } from "../lib/emulator/emulator";
import { enqueueMessage } from "../lib/outbound/queue";
import { verifyRecords } from "../lib/records/verify";
import { updateSettings } from "../lib/settings";
import { fuzzTotals } from "../tests/support/fuzz-budget";
import { classify, residentMiB, webhookStream, type Answer } from "../tests/support/load";
import { emulatorRequest, freePort, startEmulatorProcess, startServer, type RunningServer } from "../tests/support/server";
import { readCommandLine } from "./cli";

const values = readCommandLine(
  "Usage: npm run soak -- [--minutes 5] [--connections 200] [--crash-every 45] [--fuzz-scale 10]\n  Streams webhooks with faults and kill -9 restarts, then proves nothing was lost, doubled or altered.",
  {
    minutes: { type: "string", default: "5" },
    connections: { type: "string", default: "200" },
    "crash-every": { type: "string", default: "45" },
    "fuzz-scale": { type: "string", default: "10" },
  },
);
const minutes = Number(values.minutes);
const connections = Number(values.connections);
const crashEveryMs = Number(values["crash-every"]) * 1000;
const fuzzScale = Number(values["fuzz-scale"]);

const ACCOUNT = `AC${"50".repeat(16)}`;
const TOKEN = "soak-auth-token-0123456789abcdef00";
const SESSION_SECRET = "soak-session-secret-0123456789abcdef";
const FROM = "whatsapp:+14155238886";
const QUEUE_PHONE = "+919877777777";
const actor = { id: null, label: "soak" };
const FAULT_EVERY_MS = 40_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const port = await freePort();
  const emulator = await startEmulatorProcess([
    "--account-sid", ACCOUNT, "--auth-token", TOKEN, "--incoming-url", `http://127.0.0.1:${port}/api/twilio/incoming`,
    "--failure-rate", "0.05", "--out-of-order-rate", "0.2", "--sent-delay", "20", "--delivered-delay", "60", "--read-delay", "120",
  ]);
  const control = <T>(route: string, body?: unknown) => emulatorRequest<T>(emulator, { accountSid: ACCOUNT, authToken: TOKEN }, route, body);
  const env = { TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_API_BASE: emulator.baseUrl, TWILIO_WHATSAPP_FROM: FROM, SESSION_SECRET, ADMIN_EMAIL: "", ADMIN_PASSWORD: "" };
  let server: RunningServer = await startServer(env, { port, keepFiles: true });
  const db: Db = openDatabase(server.databasePath);
  updateSettings(db, actor, { incomingEnabled: true, cooldownSeconds: 0, dailyLimit: 1_000_000, sendRatePerSecond: 20 });
  const user = await createUser(db, actor, { email: "soak@example.com", name: "Soak", role: "admin", password: "password-123" });
  const cookie = `${SESSION_COOKIE}=${createSession(db, SESSION_SECRET, user.id, { ip: null, userAgent: "soak" }).token}`;
  await control("/__emulator/inbound", { from: QUEUE_PHONE, body: "hi", profileName: "Soak" });

  const started = Date.now();
  const endAt = started + minutes * 60_000;
  const stop = () => Date.now() > endAt;
  const jobs: number[] = [];
  const dashboard: Record<string, number> = {};
  let crashes = 0;
  let faultBursts = 0;
  let residentPeak = 0;

  console.log(`Soak: ${minutes} min, ${connections} connections, kill -9 every ${crashEveryMs / 1000} s, fuzz ×${fuzzScale}`);
  const streaming = webhookStream({ baseUrl: server.baseUrl, authToken: TOKEN, accountSid: ACCOUNT, connections, stop });
  const browsing = Promise.all(
    Array.from({ length: 4 }, async () => {
      const pages = ["/inbox", "/analytics?period=30d", "/inbox?q=help", "/", "/logs", "/inbox?direction=received&handled=open"];
      for (let n = 0; !stop(); n++) {
        const status = await fetch(`${server.baseUrl}${pages[n % pages.length]}`, { headers: { cookie }, redirect: "manual" }).then((response) => String(response.status), () => "failed");
        dashboard[status] = (dashboard[status] ?? 0) + 1;
        if (status === "failed") await sleep(50);
      }
    }),
  );
  let nextCrash = started + crashEveryMs;
  let nextFaults = started + 10_000;
  while (!stop()) {
    // Each tick queues sends and, now and then, makes "Twilio" fail a burst of them.
    for (let i = 0; i < 5; i++) jobs.push(enqueueMessage(db, { phone: QUEUE_PHONE, from: FROM, content: { kind: "text", body: `Soak ${jobs.length + 1}` }, sentByUserId: null }).message.id);
    // A storm at a pace the account could live through: a client that backs off as it should (a
    // 429 pauses the whole worker, doubling) would never drain storms piled up faster than that.
    if (Date.now() >= nextFaults) {
      await control("/__emulator/config", { failNext: [...Array(3).fill({ status: 503, code: 20500 }), ...Array(5).fill({ status: 429, code: 20429 })] });
      faultBursts++;
      nextFaults = Date.now() + FAULT_EVERY_MS;
    }
    residentPeak = Math.max(residentPeak, residentMiB(server.child.pid!));
    if (Date.now() >= nextCrash && Date.now() < endAt - 10_000) {
      await server.crash();
      crashes++;
      server = await startServer(env, { databasePath: server.databasePath, port, keepFiles: true });
      nextCrash = Date.now() + crashEveryMs;
      console.log(`  ${((Date.now() - started) / 1000).toFixed(0)} s: killed and restarted (${crashes})`);
    }
    await sleep(1_000);
  }
  const answers: Answer[] = await streaming;
  await browsing;

  // Drain the queue at full speed, then check everything.
  updateSettings(db, actor, { sendRatePerSecond: 100 });
  const drainDeadline = Date.now() + 180_000;
  while (!jobs.every((id) => findMessageById(db, id)?.messageSid) && Date.now() < drainDeadline) await sleep(500);
  const acknowledged = answers.filter((answer) => answer.status !== null && answer.status < 300).map((answer) => answer.sid);
  const count = db.$client.prepare("select count(*) from messages where message_sid = ?").pluck();
  const storedOnce = acknowledged.filter((sid) => count.get(sid) === 1).length;
  const sent = (await control<{ messages: EmulatedMessage[] }>("/__emulator/messages")).messages.filter((message) => message.direction === "outbound-api" && message.to === `whatsapp:${QUEUE_PHONE}`);
  const bodies = new Set(sent.map((message) => message.body));
  const unsent = jobs.filter((id) => !findMessageById(db, id)?.messageSid).length;
  const integrity = db.$client.pragma("integrity_check", { simple: true });
  const records = verifyRecords(db);
  const search = verifySearchIndex(db.$client);
  const aggregates = verifyAggregates(db);
  db.$client.close();
  await server.stop();
  await emulator.stop();

  const fuzz = spawnSync(process.execPath, [path.resolve("node_modules", "vitest", "vitest.mjs"), "run", "--testTimeout=1200000", "fuzz"], { stdio: "inherit", env: { ...process.env, FUZZ_SCALE: String(fuzzScale) } });
  const fuzzCases = fuzzTotals().total * fuzzScale;

  const report = {
    machine: { cores: cpus().length, node: process.version },
    minutes,
    connections,
    webhooks: { sent: answers.length, byClass: classify(answers), acknowledged: acknowledged.length, storedExactlyOnce: storedOnce },
    dashboard,
    queue: { jobs: jobs.length, sentOnce: bodies.size, duplicates: sent.length - bodies.size, unsent, faultBursts },
    crashes,
    residentPeakMiB: residentPeak,
    integrity,
    recordsIntact: records.intact,
    searchIndex: search,
    analyticsMismatches: aggregates.length,
    fuzz: { cases: fuzzCases, passed: fuzz.status === 0 },
  };
  const ok = storedOnce === acknowledged.length && report.queue.duplicates === 0 && unsent === 0 && bodies.size === jobs.length && integrity === "ok" && records.intact && search.intact && aggregates.length === 0 && report.webhooks.byClass["5xx"] === 0 && fuzz.status === 0;
  mkdirSync(path.join("bench", "results"), { recursive: true });
  const file = path.join("bench", "results", `soak-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, JSON.stringify({ ...report, ok }, null, 2));
  console.log(JSON.stringify(report, null, 2));
  console.log(`${ok ? "PASS" : "FAIL"}: ${storedOnce}/${acknowledged.length} acknowledged messages stored exactly once, ${bodies.size}/${jobs.length} sends made once (${report.queue.duplicates} doubled), ${crashes} kill -9 restarts, ${fuzzCases} fuzz cases. ${file}`);
  process.exit(ok ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
