import autocannon from "autocannon";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import twilio from "twilio";
import { openDatabase } from "../../db/client";
import { insertMessage } from "../../db/queries/messages";
import { updateSettings } from "../../lib/settings";
import { encodeForm } from "../../lib/twilio/form";
import { freePort, startServer } from "../../tests/support/server";

const AUTH_TOKEN = "bench-auth-token-0123456789abcdef";
const ACCOUNT = `AC${"be".repeat(16)}`;
const BODIES = ["HELP", "STATUS", "Hi", "PENDING", "What is the trading window for this quarter?", "NISM", "Thanks, noted", "menu", "ACK"];
const STATUSES = ["sent", "delivered", "read"];
const KNOWN_OUTBOUND = 5000;

export interface LoadResult {
  target: "app" | "reference";
  kind: "incoming" | "status";
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  acknowledged: number;
  lost: number;
  doubled: number;
}

const sid = () => `SM${randomBytes(16).toString("hex")}`;
const outboundSid = (index: number) => `SM${index.toString(16).padStart(32, "0")}`;

/** One autocannon run of unique, correctly signed Twilio requests; returns the SIDs answered 2xx. */
export async function drive(baseUrl: string, kind: "incoming" | "status", connections: number, seconds: number) {
  const path = kind === "incoming" ? "/api/twilio/incoming" : "/api/twilio/status";
  const url = `${baseUrl}${path}`;
  const acknowledged: string[] = [];
  let counter = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: "POST",
        path,
        setupRequest: (request, context) => {
          const n = counter++;
          const params: Record<string, string> =
            kind === "incoming"
              ? {
                  MessageSid: sid(), AccountSid: ACCOUNT, From: `whatsapp:+9198${String(10_000_000 + (n % 2000) * 37).padStart(8, "0")}`, To: "whatsapp:+14155238886",
                  Body: BODIES[n % BODIES.length]!, NumMedia: "0", ProfileName: "Bench", WaId: "919800000000", SmsStatus: "received", ApiVersion: "2010-04-01", MessageType: "text",
                }
              : { MessageSid: outboundSid(n % KNOWN_OUTBOUND), MessageStatus: STATUSES[n % 3]!, AccountSid: ACCOUNT, From: "whatsapp:+14155238886", To: "whatsapp:+919800000000", ApiVersion: "2010-04-01", ChannelPrefix: "whatsapp" };
          (context as { sid?: string }).sid = params.MessageSid;
          return { ...request, body: encodeForm(params), headers: { ...request.headers, "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params) } };
        },
        onResponse: (status, _body, context) => {
          if (status >= 200 && status < 300 && kind === "incoming") acknowledged.push(String((context as { sid?: string }).sid));
        },
      },
    ],
  });
  return { result, acknowledged };
}

function summarise(target: LoadResult["target"], kind: LoadResult["kind"], connections: number, run: Awaited<ReturnType<typeof drive>>, stored: (sids: string[]) => { lost: number; doubled: number }): LoadResult {
  const { result, acknowledged } = run;
  const integrity = kind === "incoming" ? stored(acknowledged) : { lost: 0, doubled: 0 };
  return {
    target, kind, connections,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    acknowledged: acknowledged.length,
    ...integrity,
  };
}

function countStored(file: string, table: string, column: string) {
  return (sids: string[]): { lost: number; doubled: number } => {
    const db = new Database(file, { readonly: true });
    try {
      const counts = new Map<string, number>();
      for (const row of db.prepare(`select ${column} as sid, count(*) as n from ${table} group by ${column}`).iterate() as Iterable<{ sid: string; n: number }>) counts.set(row.sid, row.n);
      return { lost: sids.filter((value) => !counts.has(value)).length, doubled: sids.filter((value) => (counts.get(value) ?? 0) > 1).length };
    } finally {
      db.close();
    }
  };
}

/** The app and the bare reference, each on a fresh database, driven the same way in the same run. */
export async function benchWebhooks(options: { connections: number[]; seconds: number }): Promise<LoadResult[]> {
  const results: LoadResult[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), "switchboard-bench-"));
  try {
    // The app: incoming enabled, no cooldown or daily cap, so every request runs the full path.
    const app = await startServer({ TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: AUTH_TOKEN, ADMIN_EMAIL: "", ADMIN_PASSWORD: "" }, { databasePath: path.join(dir, "app.db"), keepFiles: true });
    const appDb = openDatabase(app.databasePath);
    updateSettings(appDb, { id: null, label: "bench" }, { incomingEnabled: true, cooldownSeconds: 0, dailyLimit: 1_000_000 });
    const now = new Date();
    appDb.$client.transaction(() => {
      for (let i = 0; i < KNOWN_OUTBOUND; i++) insertMessage(appDb, { messageSid: outboundSid(i), direction: "outbound", fromAddress: "whatsapp:+14155238886", toAddress: "whatsapp:+919800000000", body: "x", status: "queued", createdAt: now, updatedAt: now });
    })();
    appDb.$client.close();

    const referencePort = await freePort();
    const referenceDb = path.join(dir, "reference.db");
    const reference = spawn(process.execPath, ["--import", "tsx", "bench/reference-server.ts", "--port", String(referencePort), "--database", referenceDb, "--auth-token", AUTH_TOKEN], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve, reject) => {
      reference.stdout?.on("data", (chunk: Buffer) => chunk.toString().includes('"ready":true') && resolve());
      reference.once("exit", (code) => reject(new Error(`reference server exited with ${code}`)));
    });
    const ref = new Database(referenceDb);
    ref.transaction(() => {
      const insert = ref.prepare("insert or ignore into messages (sid, sender, body, status, created_at) values (?, 'x', 'x', 'queued', 0)");
      for (let i = 0; i < KNOWN_OUTBOUND; i++) insert.run(outboundSid(i));
    })();
    ref.close();
    const referenceUrl = `http://127.0.0.1:${referencePort}`;

    try {
      for (const kind of ["incoming", "status"] as const) {
        for (const connections of options.connections) {
          for (const [target, baseUrl, check] of [
            ["reference", referenceUrl, countStored(referenceDb, "messages", "sid")],
            ["app", app.baseUrl, countStored(app.databasePath, "messages", "message_sid")],
          ] as const) {
            const run = await drive(baseUrl, kind, connections, options.seconds);
            const summary = summarise(target, kind, connections, run, check);
            results.push(summary);
            console.log(`  ${kind.padEnd(8)} ${target.padEnd(9)} ${String(connections).padStart(3)} conn: ${summary.requestsPerSecond.toFixed(0).padStart(6)} req/s, p50 ${summary.p50} ms, p99 ${summary.p99} ms, errors ${summary.errors + summary.non2xx}${kind === "incoming" ? `, stored ${summary.acknowledged - summary.lost}/${summary.acknowledged}, doubled ${summary.doubled}` : ""}`);
          }
        }
      }
    } finally {
      reference.kill("SIGTERM");
      await app.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
