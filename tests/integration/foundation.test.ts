import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { createSession, SESSION_COOKIE } from "@/lib/auth/sessions";
import { createUser } from "@/lib/auth/users";
import { updateSettings } from "@/lib/settings";
import { callAction, manifestActions } from "../support/app-surface";
import { runServerExpectingExit, startServer, type RunningServer } from "../support/server";

const SESSION_SECRET = "integration-session-secret-0123456789";

async function signedInCookie(server: RunningServer, role: "admin" | "staff"): Promise<string> {
  const db = openDatabase(server.databasePath);
  try {
    const user = await createUser(db, { id: null, label: "test" }, { email: `${role}-${Date.now()}@example.com`, name: "", role, password: "password-123" });
    return `${SESSION_COOKIE}=${createSession(db, SESSION_SECRET, user.id, { ip: null, userAgent: null }).token}`;
  } finally {
    db.$client.close();
  }
}

describe("the production server", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ SESSION_SECRET, ADMIN_EMAIL: "", ADMIN_PASSWORD: "" });
  });
  afterAll(() => server?.stop());

  it("answers /api/health with the database status and the applied migration", async () => {
    const response = await fetch(`${server.baseUrl}/api/health`);
    expect(response.status).toBe(200);
    const journal = JSON.parse(readFileSync("db/migrations/meta/_journal.json", "utf8")) as { entries: { tag: string }[] };
    expect(await response.json()).toEqual({
      status: "ok",
      database: "ok",
      migration: journal.entries.at(-1)?.tag,
      appliedMigrations: journal.entries.length,
      pendingMigrations: 0,
    });
  });

  it("printed the generated admin password exactly once", () => {
    const log = readFileSync(server.logPath, "utf8");
    expect(log.match(/password: \S{12,}/g)).toHaveLength(1);
    expect(log).toContain("email:    admin@localhost");
    expect(log).toContain("Simulator mode: no Twilio credentials, so a local Twilio runs inside this server. Play the phone at http://localhost:");
  });

  it("ignores X-Forwarded-* from clients when TRUST_PROXY is off", async () => {
    const admin = await signedInCookie(server, "admin");
    const db = openDatabase(server.databasePath);
    updateSettings(db, { id: null, label: "test" }, { incomingEnabled: true });
    db.$client.close();
    const html = await (
      await fetch(`${server.baseUrl}/settings`, { headers: { cookie: admin, "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" } })
    ).text();
    expect(html).toContain(`${server.baseUrl.replace("127.0.0.1", "127.0.0.1")}/api/twilio/incoming`);
    expect(html).not.toContain("evil.example");
  });

  it("refuses an address whose percent-encoding does not decode with a 400 and an error-log entry, not a 500", async () => {
    const admin = await signedInCookie(server, "admin");
    for (const path of ["/inbox/%E0%A4", "/people/%"]) {
      const response = await fetch(`${server.baseUrl}${path}`, { headers: { cookie: admin } });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("percent-encoding does not decode");
    }
    const db = openDatabase(server.databasePath);
    try {
      const logged = db.$client.prepare("select detail from error_log where source = 'http.malformed-path' order by id").pluck().all();
      expect(logged).toEqual(["GET /inbox/%E0%A4: its percent-encoding does not decode", "GET /people/%: its percent-encoding does not decode"]);
    } finally {
      db.$client.close();
    }
  });
});

describe("start-up", () => {
  it("stops with one clear line naming a bad variable", () => {
    const result = runServerExpectingExit({ PORT: "not-a-port", DATABASE_PATH: path.join(tmpdir(), "never-created", "db.sqlite") });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe("Invalid environment: PORT must be a whole number between 1 and 65535");
  });

  it("honours X-Forwarded-* and PUBLIC_BASE_URL, and keeps the first admin across restarts", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "switchboard-restart-"));
    const databasePath = path.join(dir, "db.sqlite");
    try {
      const first = await startServer({ SESSION_SECRET, TRUST_PROXY: "true", ADMIN_EMAIL: "", ADMIN_PASSWORD: "" }, { databasePath });
      const admin = await signedInCookie(first, "admin");
      const db = openDatabase(databasePath);
      updateSettings(db, { id: null, label: "test" }, { incomingEnabled: true });
      db.$client.close();
      const proxied = await (
        await fetch(`${first.baseUrl}/settings`, { headers: { cookie: admin, "x-forwarded-host": "sb.example.com", "x-forwarded-proto": "https" } })
      ).text();
      expect(proxied).toContain("https://sb.example.com/api/twilio/incoming");
      const firstLog = readFileSync(first.logPath, "utf8");
      await first.stop();
      expect(firstLog).toContain("password:");

      const second = await startServer({ SESSION_SECRET, PUBLIC_BASE_URL: "https://public.example.org", ADMIN_EMAIL: "", ADMIN_PASSWORD: "" }, { databasePath });
      const served = await fetch(`${second.baseUrl}/settings`, { headers: { cookie: admin } });
      // An https public origin means browsers reach us over https: HSTS even without a trusted proxy.
      expect(served.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
      const html = await served.text();
      expect(html).toContain("https://public.example.org/api/twilio/incoming");
      // The cookie's Secure flag follows the page the browser signed in from: Secure from an https
      // page (a proxy not marked trusted), not from a plain-http LAN page, whatever PUBLIC_BASE_URL says.
      const signIn = manifestActions().find((action) => action.name === "signInAction");
      if (!signIn) throw new Error("no signInAction in the build");
      const users = openDatabase(databasePath);
      await createUser(users, { id: null, label: "test" }, { email: "secure@example.com", name: "", role: "staff", password: "password-123" });
      users.$client.close();
      const cookieFrom = async (scheme: "https" | "http") => {
        const form = new FormData();
        form.set("email", "secure@example.com");
        form.set("password", "password-123");
        const signedIn = await callAction(second.baseUrl, { id: signIn.id, page: "/login", args: [{}, form], origin: `${scheme}://${new URL(second.baseUrl).host}` });
        expect(signedIn.headers.get("x-action-redirect")).toBe("/;push");
        return signedIn.headers.get("set-cookie") ?? "";
      };
      expect(await cookieFrom("https")).toMatch(new RegExp(`^${SESSION_COOKIE}=[^;]+;.*;\\s*Secure`, "i"));
      const plain = await cookieFrom("http");
      expect(plain).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
      expect(plain).not.toMatch(/;\s*Secure/i);
      expect(readFileSync(second.logPath, "utf8")).not.toContain("password:");
      await second.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
