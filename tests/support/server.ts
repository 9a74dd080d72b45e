import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export interface RunningServer {
  baseUrl: string;
  port: number;
  databasePath: string;
  logPath: string;
  child: ChildProcess;
  stop(): Promise<void>;
  /** kill -9: no shutdown hooks, no chance to finish in-flight work. */
  crash(): Promise<void>;
}

/** The server's own settings: a developer's shell must not change what a test starts. */
const APP_VARIABLES = /^(PORT|DATABASE_PATH|PUBLIC_BASE_URL|TWILIO_.*|ADMIN_EMAIL|ADMIN_PASSWORD|SESSION_SECRET|TRUST_PROXY|MAX_IN_FLIGHT)$/;
/** Refuses connections: live credentials in a test must never reach api.twilio.com. */
export const UNREACHABLE_TWILIO = "http://127.0.0.1:9";

/**
 * The environment a test server runs with: this process's (PATH, HOME, tool settings) without any
 * of the app's variables, then exactly the test's. Live credentials without TWILIO_API_BASE point the
 * REST client at a closed port.
 */
export function serverEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !APP_VARIABLES.test(name)));
  const twilioApi = env.TWILIO_ACCOUNT_SID && env.TWILIO_API_BASE === undefined ? { TWILIO_API_BASE: UNREACHABLE_TWILIO } : {};
  return { ...inherited, NODE_ENV: "production", ...twilioApi, ...env };
}

/** Runs the server entry point to completion, for start-ups that are expected to fail. */
export function runServerExpectingExit(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/server.ts"], {
    cwd: process.cwd(),
    env: serverEnv(env),
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitForHealth(baseUrl: string, child: ChildProcess, logPath: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${readFileSync(logPath, "utf8")}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server did not become healthy in ${timeoutMs} ms:\n${readFileSync(logPath, "utf8")}`);
}

/**
 * Starts the real production server (`npm start`'s entry point) on a free port with a fresh
 * database in a temporary folder. The build must exist already (npm test builds first).
 */
export async function startServer(env: Record<string, string> = {}, options: { databasePath?: string; keepFiles?: boolean; port?: number } = {}): Promise<RunningServer> {
  const dir = mkdtempSync(path.join(tmpdir(), "switchboard-test-"));
  const port = options.port ?? (await freePort());
  const databasePath = options.databasePath ?? path.join(dir, "switchboard.db");
  const logPath = path.join(dir, "server.log");
  const log = openSync(logPath, "a");
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/server.ts"], {
    cwd: process.cwd(),
    env: serverEnv({ PORT: String(port), DATABASE_PATH: databasePath, ...env }),
    stdio: ["ignore", log, log],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(baseUrl, child, logPath, 120_000);
  return {
    baseUrl,
    port,
    databasePath,
    logPath,
    child,
    async crash() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      if (!options.keepFiles) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RunningEmulatorProcess {
  baseUrl: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `npm run emulator` as its own process, the way a developer or CI would run it. */
export async function startEmulatorProcess(args: string[]): Promise<RunningEmulatorProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/emulator.ts", "--port", String(port), ...args], {
    cwd: process.cwd(),
    stdio: ["ignore", "pipe", "inherit"],
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${output}`)), 30_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split("\n").find((candidate) => candidate.includes('"ready":true'));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { baseUrl: string }).baseUrl);
      }
    });
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}: ${output}`)));
  });
  return {
    baseUrl,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Calls the emulator's control API (`/__emulator/…`) with the account's Basic auth; anything but 200 throws. */
export async function emulatorRequest<T>(emulator: { baseUrl: string }, account: { accountSid: string; authToken: string }, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${emulator.baseUrl}${route}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString("base64")}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`emulator ${route} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}
