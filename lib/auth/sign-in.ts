import type { Db } from "@/db/client";
import { findUserByEmail, type PublicUser } from "@/db/queries/users";
import { recordAudit } from "@/lib/audit";
import { decoyHash, verifyPassword } from "./password";
import { createSession, type NewSession } from "./sessions";
import { beginAttempt } from "./throttle";

export type SignInResult =
  | { ok: true; user: PublicUser; session: NewSession }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterMs: number };

export async function signIn(
  db: Db,
  secret: string,
  input: { email: string; password: string; ip: string; userAgent: string | null },
  now = new Date(),
): Promise<SignInResult> {
  const attempt = beginAttempt(db, input.email, input.ip, now);
  if (!attempt.allowed) return { ok: false, reason: "throttled", retryAfterMs: attempt.retryAfterMs };

  const user = findUserByEmail(db, input.email);
  // Verify against a decoy when the user is unknown so timing does not reveal which emails exist.
  const matches = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash()));
  if (!user || !user.active || !matches) return { ok: false, reason: "invalid" };
  attempt.succeeded();

  const session = createSession(db, secret, user.id, { ip: input.ip, userAgent: input.userAgent }, now);
  recordAudit(db, { id: user.id, label: user.email, ip: input.ip }, "auth.sign_in", { target: user.email }, now);
  const { passwordHash: _hash, ...publicUser } = user;
  return { ok: true, user: publicUser, session };
}

export function describeRetry(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60000));
  return `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
