import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { applyMigrations, openDatabase } from "../../db/client";
import { seedLarge } from "../../db/seed-large";
import { createSession, SESSION_COOKIE } from "../../lib/auth/sessions";
import { createUser } from "../../lib/auth/users";
import { findUserByEmail } from "../../db/queries/users";
import { startServer } from "../../tests/support/server";

const SESSION_SECRET = "bench-session-secret-0123456789abcdef";
const BENCH_EMAIL = "bench@example.com";
const DATA = path.join("bench", "data");

export interface PageTiming {
  page: string;
  path: string;
  medianMs: Record<number, number>;
}

function seeded(size: number): string {
  mkdirSync(DATA, { recursive: true });
  const file = path.join(DATA, `seed-${size}.db`);
  if (existsSync(file)) {
    const db = openDatabase(file);
    // A seed kept from an older checkout is brought up to the current schema, as the server would.
    applyMigrations(db);
    const count = (db.$client.prepare("select count(*) as n from messages").get() as { n: number }).n;
    db.$client.close();
    if (count === size) return file;
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  }
  const started = Date.now();
  const db = openDatabase(file);
  applyMigrations(db);
  seedLarge(db, { messages: size });
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
  console.log(`  seeded ${size.toLocaleString("en")} messages in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return file;
}

async function medianMs(url: string, cookie: string, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie } });
    await response.text();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    if (i >= 3) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Times each page, signed in, against databases of each size: median of repeated requests on loopback. */
export async function benchScale(sizes: number[], pages: { page: string; path: (db: ReturnType<typeof openDatabase>) => string }[], runs = 15): Promise<PageTiming[]> {
  const results = pages.map((page) => ({ page: page.page, path: "", medianMs: {} as Record<number, number> }));
  for (const size of sizes) {
    console.log(`Scale: ${size.toLocaleString("en")} messages`);
    const databasePath = seeded(size);
    const db = openDatabase(databasePath);
    // The seeds are kept between runs: one bench account, not a new user (and audit entry) per run.
    const admin = findUserByEmail(db, BENCH_EMAIL) ?? (await createUser(db, { id: null, label: "bench" }, { email: BENCH_EMAIL, name: "Bench", role: "admin", password: "bench-password" }));
    const cookie = `${SESSION_COOKIE}=${createSession(db, SESSION_SECRET, admin.id, { ip: null, userAgent: "bench" }).token}`;
    const server = await startServer({ SESSION_SECRET, ADMIN_EMAIL: "", ADMIN_PASSWORD: "" }, { databasePath, keepFiles: true });
    try {
      // Warm the whole server (JIT, shared layout code, the file's pages in the OS cache) before
      // timing anything, so the first page timed is not the one that pays for it.
      const targets = pages.map((page) => page.path(db));
      for (let round = 0; round < 3; round++) {
        for (const target of targets) await (await fetch(`${server.baseUrl}${target}`, { headers: { cookie } })).text();
      }
      for (const [index, page] of pages.entries()) {
        const target = targets[index]!;
        results[index]!.path = target;
        results[index]!.medianMs[size] = await medianMs(`${server.baseUrl}${target}`, cookie, runs);
        console.log(`  ${page.page.padEnd(28)} ${results[index]!.medianMs[size]!.toFixed(1).padStart(7)} ms`);
      }
    } finally {
      await server.stop();
      db.$client.close();
    }
  }
  return results;
}
