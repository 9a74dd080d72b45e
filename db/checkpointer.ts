import type Database from "better-sqlite3";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";

/** What one PASSIVE checkpoint did: WAL frames in the log, and how many of them reached the database file. */
export interface CheckpointReport {
  log: number;
  checkpointed: number;
}

export interface Checkpointer {
  /** Resolves with the next checkpoint's report. */
  next(): Promise<CheckpointReport>;
  stop(): Promise<void>;
}

/** SQLite's own default: the connection that commits past this many WAL pages checkpoints inline. */
export const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;
/** Kept on the serving connection as a safety net, should the background checkpoints stall. */
export const SAFETY_NET_AUTOCHECKPOINT_PAGES = 16_384;

// Plain CommonJS so the thread needs no TypeScript loader. Its connection only reads and copies
// WAL frames into the database file; PASSIVE never waits for readers or the writer.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
let checkpoint;
try {
  const Database = require(workerData.driver);
  const db = new Database(workerData.file, { fileMustExist: true });
  checkpoint = db.prepare("pragma wal_checkpoint(PASSIVE)");
} catch (error) {
  // Errors thrown from a thread lose their message on the way: say it, then stop.
  parentPort.postMessage({ ok: false, fatal: true, error: String((error && error.message) || error) });
  process.exit(1);
}
setInterval(() => {
  try {
    const row = checkpoint.get();
    parentPort.postMessage({ ok: true, log: row.log, checkpointed: row.checkpointed });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String((error && error.message) || error) });
  }
}, workerData.intervalMs);
`;

type WorkerMessage = { ok: true; log: number; checkpointed: number } | { ok: false; fatal?: true; error: string };

/**
 * A failing checkpoint fails again every interval: report each distinct failure once, and again
 * only after a checkpoint has succeeded in between. Pass null for a success.
 */
export function failureReporter(onError: ((message: string) => void) | undefined): (failure: string | null) => void {
  let last: string | null = null;
  return (failure) => {
    if (failure !== null && failure !== last) onError?.(failure);
    last = failure;
  };
}

/**
 * Moves WAL checkpoints off the thread that serves requests. Left to itself, SQLite makes whichever
 * commit crosses 1,000 WAL pages copy them into the database file and fsync it, so every so often
 * one webhook pays for everyone's writes. A worker thread with its own connection checkpoints in
 * the background instead; the serving connection keeps a much higher threshold only as a safety
 * net, and gets SQLite's default back if the thread fails or stops.
 */
export function startCheckpointer(sqlite: Database.Database, options: { intervalMs?: number; onError?: (message: string) => void } = {}): Checkpointer {
  const driver = createRequire(path.join(process.cwd(), "package.json")).resolve("better-sqlite3");
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file: sqlite.name, intervalMs: options.intervalMs ?? 200 } });
  worker.unref();
  sqlite.pragma(`wal_autocheckpoint = ${SAFETY_NET_AUTOCHECKPOINT_PAGES}`);
  const restoreDefault = () => {
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
  };
  let waiting: ((report: CheckpointReport) => void)[] = [];
  const report = failureReporter(options.onError);
  worker.on("message", (message: WorkerMessage) => {
    if (!message.ok) {
      if (message.fatal) restoreDefault();
      report(message.error);
      return;
    }
    report(null);
    const resolvers = waiting;
    waiting = [];
    for (const resolve of resolvers) resolve({ log: message.log, checkpointed: message.checkpointed });
  });
  worker.on("error", (error: unknown) => {
    restoreDefault();
    // An error thrown inside the thread arrives cloned, not always as an Error.
    options.onError?.(error instanceof Error ? error.message : String((error as { message?: unknown } | null)?.message ?? error));
  });
  worker.on("exit", restoreDefault);
  return {
    next: () => new Promise((resolve) => waiting.push(resolve)),
    async stop() {
      await worker.terminate();
      restoreDefault();
    },
  };
}
