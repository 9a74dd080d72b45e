import type { Db } from "@/db/client";
import { deleteAttemptsBefore, failuresSince, insertLoginAttempt, lastSuccessAt, markAttemptSucceeded, succeededFrom } from "@/db/queries/login-attempts";

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const THROTTLE_MAX_FAILURES = 5;
/** An address this email signed in from within this time is where its owner usually is. */
export const KNOWN_PLACE_MS = 30 * 24 * 60 * 60 * 1000;

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

function unlockTime(failures: Date[]): number | undefined {
  // failures are newest first: the lock lifts when the fifth most recent one leaves the window.
  const fifth = failures[THROTTLE_MAX_FAILURES - 1];
  return fifth ? fifth.getTime() + THROTTLE_WINDOW_MS : undefined;
}

/**
 * Refuses once an email or an IP has 5 failed sign-ins within 15 minutes (a success clears the
 * email's count). From an address the email signed in from before, only that email's failures
 * from that address count: someone guessing elsewhere, or colleagues mistyping behind the same
 * office address, cannot lock a user out of where they usually sign in.
 */
export function checkThrottle(db: Db, email: string, ip: string, now = new Date()): ThrottleVerdict {
  const windowStart = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const success = lastSuccessAt(db, email);
  const emailSince = success && success > windowStart ? success : windowStart;
  const knownPlace = succeededFrom(db, email, ip, new Date(now.getTime() - KNOWN_PLACE_MS));
  const counted = knownPlace
    ? [failuresSince(db, { email, ip }, emailSince, THROTTLE_MAX_FAILURES)]
    : [failuresSince(db, { email }, emailSince, THROTTLE_MAX_FAILURES), failuresSince(db, { ip }, windowStart, THROTTLE_MAX_FAILURES)];
  const unlocks = counted.map(unlockTime).filter((time): time is number => time !== undefined);
  if (unlocks.length === 0) return { allowed: true };
  return { allowed: false, retryAfterMs: Math.max(...unlocks) - now.getTime() };
}

/**
 * Checks the throttle and, when allowed, records the attempt as failed in the same synchronous step:
 * concurrent sign-ins then each see the ones before them, instead of all passing the check while
 * their password hashes run. `succeeded` turns it into a success afterwards.
 */
export function beginAttempt(db: Db, email: string, ip: string, now = new Date()): { allowed: true; succeeded: () => void } | { allowed: false; retryAfterMs: number } {
  const verdict = checkThrottle(db, email, ip, now);
  if (!verdict.allowed) return verdict;
  const id = insertLoginAttempt(db, { email, ip, succeeded: false, at: now });
  return { allowed: true, succeeded: () => markAttemptSucceeded(db, id) };
}

/** Failures matter for one window, successes for as long as they mark a known place. */
export function pruneLoginAttempts(db: Db, now = new Date()): number {
  return deleteAttemptsBefore(db, { failuresBefore: new Date(now.getTime() - 24 * THROTTLE_WINDOW_MS), successesBefore: new Date(now.getTime() - KNOWN_PLACE_MS) });
}
