import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDb, type TempDb } from "@/tests/support/db";
import { SYSTEM_ACTOR } from "@/lib/audit";
import { cookieValue } from "./request";
import { createSession, endSession, IDLE_TIMEOUT_MS, MAX_SESSION_MS, resolveSession } from "./sessions";
import { createUser, setUserActive } from "./users";

const SECRET = "x".repeat(40);
let t: TempDb;
let userId: number;

beforeEach(async () => {
  t = tempDb();
  userId = (await createUser(t.db, SYSTEM_ACTOR, { email: "a@example.com", name: "A", role: "staff", password: "password-1" })).id;
});
afterEach(() => t.close());

describe("sessions", () => {
  it("resolves a fresh token to its user", () => {
    const { token } = createSession(t.db, SECRET, userId, { ip: "127.0.0.1", userAgent: "test" });
    expect(resolveSession(t.db, SECRET, token)?.user.email).toBe("a@example.com");
  });

  it("stores only an HMAC of the token", () => {
    const { token } = createSession(t.db, SECRET, userId, { ip: null, userAgent: null });
    const rows = t.db.$client.prepare("select id from sessions").all() as { id: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).not.toBe(token);
  });

  it("refuses unknown, forged and differently-signed tokens", () => {
    const { token } = createSession(t.db, SECRET, userId, { ip: null, userAgent: null });
    expect(resolveSession(t.db, SECRET, undefined)).toBeUndefined();
    expect(resolveSession(t.db, SECRET, `${token}x`)).toBeUndefined();
    expect(resolveSession(t.db, "y".repeat(40), token)).toBeUndefined();
  });

  it("expires after the idle timeout and slides while used", () => {
    const start = new Date("2026-01-01T00:00:00Z");
    const { token } = createSession(t.db, SECRET, userId, { ip: null, userAgent: null }, start);
    const used = new Date(start.getTime() + 2 * 60 * 60 * 1000);
    expect(resolveSession(t.db, SECRET, token, used)).toBeDefined();
    // Used two hours in, so it lives a full idle period from then: past the first idle deadline.
    const later = new Date(used.getTime() + IDLE_TIMEOUT_MS - 1000);
    expect(later.getTime()).toBeGreaterThan(start.getTime() + IDLE_TIMEOUT_MS);
    expect(resolveSession(t.db, SECRET, token, later)).toBeDefined();
    const idle = new Date(later.getTime() + IDLE_TIMEOUT_MS + 1);
    expect(resolveSession(t.db, SECRET, token, idle)).toBeUndefined();
  });

  it("ends 12 hours after sign-in however busy it is kept", () => {
    const start = new Date("2026-01-01T00:00:00Z");
    const { token } = createSession(t.db, SECRET, userId, { ip: null, userAgent: null }, start);
    let last: Date | undefined;
    for (let at = start.getTime() + 30 * 60 * 1000; at < start.getTime() + MAX_SESSION_MS; at += 30 * 60 * 1000) {
      const resolved = resolveSession(t.db, SECRET, token, new Date(at));
      expect(resolved).toBeDefined();
      // The idle expiry slides, but never past the lifetime: the browser is told the real end.
      expect(resolved!.expiresAt.getTime()).toBeLessThanOrEqual(start.getTime() + MAX_SESSION_MS);
      last = new Date(at);
    }
    expect(last!.getTime()).toBe(start.getTime() + MAX_SESSION_MS - 30 * 60 * 1000);
    expect(resolveSession(t.db, SECRET, token, new Date(start.getTime() + MAX_SESSION_MS - 1000))).toBeDefined();
    expect(resolveSession(t.db, SECRET, token, new Date(start.getTime() + MAX_SESSION_MS))).toBeUndefined();
  });

  it("ends a session that slid past its lifetime before the lifetime existed", () => {
    const start = new Date("2026-01-01T00:00:00Z");
    const { token } = createSession(t.db, SECRET, userId, { ip: null, userAgent: null }, start);
    const late = start.getTime() + MAX_SESSION_MS + 60 * 1000;
    t.db.$client.prepare("update sessions set expires_at = ?, last_seen_at = ?").run(late + IDLE_TIMEOUT_MS, late - 1000);
    expect(resolveSession(t.db, SECRET, token, new Date(late))).toBeUndefined();
  });

  it("does not write on every request", () => {
    const start = new Date("2026-01-01T00:00:00Z");
    const { token } = createSession(t.db, SECRET, userId, { ip: null, userAgent: null }, start);
    const before = t.db.$client.prepare("select last_seen_at from sessions").get();
    resolveSession(t.db, SECRET, token, new Date(start.getTime() + 5000));
    expect(t.db.$client.prepare("select last_seen_at from sessions").get()).toEqual(before);
  });

  it("ends on sign-out and when the user is deactivated", () => {
    const first = createSession(t.db, SECRET, userId, { ip: null, userAgent: null });
    endSession(t.db, SECRET, first.token);
    expect(resolveSession(t.db, SECRET, first.token)).toBeUndefined();

    const second = createSession(t.db, SECRET, userId, { ip: null, userAgent: null });
    setUserActive(t.db, SYSTEM_ACTOR, userId, false);
    expect(resolveSession(t.db, SECRET, second.token)).toBeUndefined();
  });
});

describe("the session cookie of a route-handler request", () => {
  it("reads the cookie, and takes a malformed escape for no session instead of failing", () => {
    expect(cookieValue("a=1; sb_session=abc%2Bdef; b=2", "sb_session")).toBe("abc+def");
    expect(cookieValue("sb_session=%E0%A4%A", "sb_session")).toBeUndefined();
    expect(cookieValue(null, "sb_session")).toBeUndefined();
  });

});
