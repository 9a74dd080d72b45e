import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { insertLoginAttempt } from "@/db/queries/login-attempts";
import { tempDb, type TempDb } from "@/tests/support/db";
import { SYSTEM_ACTOR } from "@/lib/audit";
import { signIn } from "./sign-in";
import { checkThrottle, KNOWN_PLACE_MS, pruneLoginAttempts, THROTTLE_WINDOW_MS } from "./throttle";
import { createUser } from "./users";

let t: TempDb;
const start = new Date("2026-03-01T10:00:00Z");
const at = (ms: number) => new Date(start.getTime() + ms);
const attempt = (email: string, ip: string, succeeded: boolean, when: Date) => insertLoginAttempt(t.db, { email, ip, succeeded, at: when });

beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.close());

describe("login throttling", () => {
  it("allows four failures and refuses after the fifth for that email", () => {
    for (let i = 0; i < 4; i++) attempt("a@example.com", `10.0.0.${i}`, false, at(i * 1000));
    expect(checkThrottle(t.db, "a@example.com", "10.0.1.1", at(5000))).toEqual({ allowed: true });
    attempt("a@example.com", "10.0.0.9", false, at(6000));
    const verdict = checkThrottle(t.db, "a@example.com", "10.0.1.1", at(7000));
    expect(verdict.allowed).toBe(false);
    // Unlocks when the oldest of the five leaves the 15-minute window.
    expect(verdict).toEqual({ allowed: false, retryAfterMs: THROTTLE_WINDOW_MS - 7000 });
    expect(checkThrottle(t.db, "a@example.com", "10.0.1.1", at(THROTTLE_WINDOW_MS + 1))).toEqual({ allowed: true });
  });

  it("refuses an IP that failed five times across different emails", () => {
    for (let i = 0; i < 5; i++) attempt(`user${i}@example.com`, "203.0.113.7", false, at(i));
    expect(checkThrottle(t.db, "new@example.com", "203.0.113.7", at(10)).allowed).toBe(false);
    expect(checkThrottle(t.db, "new@example.com", "203.0.113.8", at(10)).allowed).toBe(true);
  });

  it("forgets an email's failures once it signs in successfully", () => {
    for (let i = 0; i < 4; i++) attempt("a@example.com", `10.0.0.${i}`, false, at(i));
    attempt("a@example.com", "10.0.0.50", true, at(100));
    attempt("a@example.com", "10.0.0.51", false, at(200));
    expect(checkThrottle(t.db, "a@example.com", "10.0.2.2", at(300)).allowed).toBe(true);
  });

  it("signIn refuses even the right password while locked, with a clear wait", async () => {
    await createUser(t.db, SYSTEM_ACTOR, { email: "a@example.com", name: "", role: "admin", password: "right-password" });
    for (let i = 0; i < 5; i++) {
      const wrong = await signIn(t.db, "k".repeat(40), { email: "a@example.com", password: "wrong", ip: "10.1.1.1", userAgent: null }, at(i));
      expect(wrong).toEqual({ ok: false, reason: "invalid" });
    }
    const locked = await signIn(t.db, "k".repeat(40), { email: "a@example.com", password: "right-password", ip: "10.1.1.2", userAgent: null }, at(10));
    expect(locked.ok).toBe(false);
    expect(locked.ok === false && locked.reason).toBe("throttled");
    const later = await signIn(t.db, "k".repeat(40), { email: "a@example.com", password: "right-password", ip: "10.1.1.2", userAgent: null }, at(THROTTLE_WINDOW_MS + 10));
    expect(later.ok).toBe(true);
  });

  it("holds against a burst of parallel guesses: each one sees those before it", async () => {
    await createUser(t.db, { id: null, label: "test" }, { email: "burst@example.com", name: "", role: "admin", password: "right-password" });
    const guesses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => signIn(t.db, "k".repeat(40), { email: "burst@example.com", password: `guess-${i}`, ip: `10.2.0.${i}`, userAgent: null }, at(0))),
    );
    const reasons = guesses.map((result) => (result.ok ? "ok" : result.reason));
    expect(reasons.filter((reason) => reason === "invalid")).toHaveLength(5);
    expect(reasons.filter((reason) => reason === "throttled")).toHaveLength(15);
  });
});

describe("a known place", () => {
  const day = 24 * 60 * 60 * 1000;
  const office = "198.51.100.1";

  it("keeps the owner signing in from where they signed in before while someone guesses elsewhere", () => {
    attempt("a@example.com", office, true, at(-day));
    for (let i = 0; i < 5; i++) attempt("a@example.com", "203.0.113.9", false, at(i));
    expect(checkThrottle(t.db, "a@example.com", office, at(10))).toEqual({ allowed: true });
    expect(checkThrottle(t.db, "a@example.com", "203.0.113.9", at(10)).allowed).toBe(false);
    expect(checkThrottle(t.db, "a@example.com", "192.0.2.44", at(10)).allowed).toBe(false);
  });

  it("still locks that email at that address after five failures there", () => {
    attempt("a@example.com", office, true, at(-day));
    for (let i = 0; i < 5; i++) attempt("a@example.com", office, false, at(i));
    expect(checkThrottle(t.db, "a@example.com", office, at(10))).toEqual({ allowed: false, retryAfterMs: THROTTLE_WINDOW_MS - 10 });
  });

  it("is not locked by colleagues mistyping behind the same address", () => {
    attempt("a@example.com", office, true, at(-day));
    for (let i = 0; i < 5; i++) attempt(`colleague${i}@example.com`, office, false, at(i));
    expect(checkThrottle(t.db, "a@example.com", office, at(10))).toEqual({ allowed: true });
    expect(checkThrottle(t.db, "newcomer@example.com", office, at(10)).allowed).toBe(false);
  });

  it("is forgotten 30 days after the last sign-in there", () => {
    attempt("a@example.com", office, true, at(-KNOWN_PLACE_MS - 1));
    for (let i = 0; i < 5; i++) attempt("a@example.com", "203.0.113.9", false, at(i));
    expect(checkThrottle(t.db, "a@example.com", office, at(10)).allowed).toBe(false);
  });

  it("signIn lets the owner in from the known place during an attack from elsewhere", async () => {
    await createUser(t.db, SYSTEM_ACTOR, { email: "owner@example.com", name: "", role: "staff", password: "right-password" });
    const secret = "k".repeat(40);
    expect((await signIn(t.db, secret, { email: "owner@example.com", password: "right-password", ip: office, userAgent: null }, at(-day))).ok).toBe(true);
    for (let i = 0; i < 8; i++) await signIn(t.db, secret, { email: "owner@example.com", password: `guess-${i}`, ip: `203.0.113.${i}`, userAgent: null }, at(i));
    expect((await signIn(t.db, secret, { email: "owner@example.com", password: "right-password", ip: office, userAgent: null }, at(100))).ok).toBe(true);
  });
});

describe("pruneLoginAttempts", () => {
  it("drops failures after a few hours but keeps successes for as long as they mark a known place", () => {
    const now = at(0);
    attempt("a@example.com", "10.0.0.1", false, at(-7 * 60 * 60 * 1000));
    attempt("a@example.com", "10.0.0.1", false, at(-60 * 1000));
    attempt("a@example.com", "10.0.0.1", true, at(-20 * 24 * 60 * 60 * 1000));
    attempt("a@example.com", "10.0.0.2", true, at(-KNOWN_PLACE_MS - 1000));
    expect(pruneLoginAttempts(t.db, now)).toBe(2);
    const left = t.db.$client.prepare("select ip, succeeded from login_attempts order by at").all();
    expect(left).toEqual([
      { ip: "10.0.0.1", succeeded: 1 },
      { ip: "10.0.0.1", succeeded: 0 },
    ]);
  });
});
