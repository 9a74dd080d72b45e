import { createHmac, randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import { deleteSession, extendSession, findLiveSession, insertSession } from "@/db/queries/sessions";
import type { PublicUser } from "@/db/queries/users";

export const SESSION_COOKIE = "sb_session";
/** Signed-in browsers stay signed in while used; 8 idle hours end the session. */
export const IDLE_TIMEOUT_MS = 8 * 60 * 60 * 1000;
/**
 * However busy, a session ends 12 hours after sign-in: a copied cookie is not good for as long as
 * someone keeps using it, and one sign-in still covers a working day.
 */
export const MAX_SESSION_MS = 12 * 60 * 60 * 1000;
// Sliding the expiry on every request would turn each page view into a write; once a minute is plenty.
const TOUCH_INTERVAL_MS = 60 * 1000;

/** The stored id of a cookie token's session (only a keyed hash of the token is kept). */
export function sessionId(token: string, secret: string): string {
  return createHmac("sha256", secret).update(token).digest("base64url");
}

export interface NewSession {
  token: string;
  expiresAt: Date;
}

export function createSession(
  db: Db,
  secret: string,
  userId: number,
  meta: { ip: string | null; userAgent: string | null },
  now = new Date(),
): NewSession {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + IDLE_TIMEOUT_MS);
  insertSession(db, { id: sessionId(token, secret), userId, now, expiresAt, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 300) ?? null });
  return { token, expiresAt };
}

export interface ResolvedSession {
  user: PublicUser;
  expiresAt: Date;
}

/**
 * The signed-in user for a cookie token, sliding the idle expiry up to the session's lifetime;
 * undefined when absent, expired or deactivated.
 */
export function resolveSession(db: Db, secret: string, token: string | undefined, now = new Date()): ResolvedSession | undefined {
  if (!token || token.length > 100) return undefined;
  const id = sessionId(token, secret);
  const found = findLiveSession(db, id, now);
  if (!found) return undefined;
  const endOfLife = found.session.createdAt.getTime() + MAX_SESSION_MS;
  // Checked here too: a session slid before the lifetime existed may still carry a later expiry.
  if (now.getTime() >= endOfLife) return undefined;
  if (now.getTime() - found.session.lastSeenAt.getTime() < TOUCH_INTERVAL_MS) {
    return { user: found.user, expiresAt: found.session.expiresAt };
  }
  const expiresAt = new Date(Math.min(now.getTime() + IDLE_TIMEOUT_MS, endOfLife));
  extendSession(db, id, now, expiresAt);
  return { user: found.user, expiresAt };
}

export function endSession(db: Db, secret: string, token: string): void {
  deleteSession(db, sessionId(token, secret));
}
