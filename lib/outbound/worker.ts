import type { Db } from "@/db/client";
import { findMessageBySid } from "@/db/queries/messages";
import { logError } from "@/lib/errors";
import { TwilioSendError, type MessageSender } from "@/lib/twilio/client";
import { backoffMs, claimNextJob, completeJob, failJob, renewLease, type ClaimedJob } from "./queue";

/**
 * Twilio's date_created drops the milliseconds, and its clock is not ours: a message our first
 * attempt created may look up to this much older than the attempt.
 */
export const LOOKUP_SKEW_MS = 5_000;

export interface SendWorkerOptions {
  db: Db;
  send: MessageSender;
  /** Our status-callback URL for one job (carries its idempotency key), or null when none is known to reach us. */
  statusCallbackUrl: (jobKey: string) => string | null;
  /** Messages per second, read on every tick so a settings change applies at once. */
  ratePerSecond: () => number;
  intervalMs?: number;
  now?: () => Date;
  random?: () => number;
}

export interface SendWorker {
  /** Runs one scheduling round now (tests use it instead of waiting for the timer). */
  tick(): void;
  /** Resolves when no send is in flight. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Drains the outbound queue at the configured rate (a token bucket refilled every tick), leasing
 * each job before its API call and recording the answer afterwards. Retries 429/5xx/no-answer
 * with backoff; gives up after MAX_ATTEMPTS other than 429s, or THROTTLED_GIVE_UP_MS of nothing
 * but 429s, with the last error stored and logged. A 429 also
 * pauses the whole worker: Twilio limits the account, so the other jobs would only hit it too.
 */
export function startSendWorker(options: SendWorkerOptions): SendWorker {
  const now = options.now ?? (() => new Date());
  const interval = options.intervalMs ?? 100;
  let tokens = Math.max(1, options.ratePerSecond());
  let lastRefill = now().getTime();
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let pausedUntil = 0;
  let throttledRounds = 0;

  function throttled(): void {
    const current = now().getTime();
    // 429s from requests already in flight when the pause began belong to the same storm.
    if (current < pausedUntil) return;
    throttledRounds += 1;
    pausedUntil = current + backoffMs(throttledRounds, options.random);
  }

  /**
   * A retry may follow a send Twilio accepted but whose answer we never got (a crash, a timeout,
   * a 5xx after the fact). Look for it before sending again; templates have no comparable body, so
   * their retry waits for Twilio's callbacks instead (TEMPLATE_SETTLE_MS).
   * A match already linked to this very message (a callback named it meanwhile) counts too.
   * Only a REST send created since this job's first attempt can be ours: an identical text sent
   * earlier (another job whose answer was lost too, the console) or a TwiML reply is not.
   */
  async function alreadySent({ job, message }: ClaimedJob) {
    const since = (job.firstAttemptAt ?? job.createdAt).getTime() - LOOKUP_SKEW_MS;
    const candidates = await options.send.sentSince({ from: message.fromAddress, to: message.toAddress, since: new Date(since) });
    return (
      candidates.find((candidate) => {
        // Negated so that NaN (a date the package could not parse) never counts as recent enough.
        if (candidate.body !== message.body || candidate.direction !== "outbound-api" || !(candidate.dateCreated.getTime() >= since)) return false;
        const owner = findMessageBySid(options.db, candidate.sid);
        return !owner || owner.id === message.id;
      }) ?? null
    );
  }

  async function deliver(claimed: ClaimedJob): Promise<void> {
    const { message } = claimed;
    let { job } = claimed;
    try {
      if (job.attempts > 1 && !job.contentSid) {
        const previous = await alreadySent(claimed);
        if (previous) {
          completeJob(options.db, job.id, previous, now());
          return;
        }
        // The lookup took a while: a callback may have settled the job, or the lease may be gone.
        const renewed = renewLease(options.db, job, now());
        if (!renewed) return;
        job = renewed;
      }
      const result = await options.send.send({
        from: message.fromAddress,
        to: message.toAddress,
        statusCallback: options.statusCallbackUrl(job.idempotencyKey),
        ...(job.contentSid ? { contentSid: job.contentSid, contentVariables: job.contentVariables ?? {} } : { body: message.body }),
      });
      completeJob(options.db, job.id, result, now());
      throttledRounds = 0;
    } catch (error) {
      const failure = error instanceof TwilioSendError ? error : new TwilioSendError(error instanceof Error ? error.message : String(error), null, null);
      if (failure.throttled) throttled();
      const outcome = failJob(
        options.db,
        job.id,
        { message: failure.message, code: failure.code, retryable: failure.retryable, mayHaveBeenSent: failure.mayHaveBeenSent, throttled: failure.throttled },
        now(),
        options.random,
      );
      if (outcome === "failed" || outcome === "refused") {
        logError(options.db, "outbound", outcome === "refused" ? "send refused" : "send failed", {
          detail: `${failure.code ? `Twilio ${failure.code}: ` : ""}${failure.message} (after ${job.attempts} attempt${job.attempts === 1 ? "" : "s"})`,
          payload: { to: message.toAddress, messageId: message.id, httpStatus: failure.httpStatus },
        });
      }
    }
  }

  function tick(): void {
    if (stopped) return;
    const rate = Math.max(1, options.ratePerSecond());
    const current = now().getTime();
    if (current < pausedUntil) {
      // Nothing saved up while paused: sending resumes at the rate, not with a burst.
      tokens = 0;
      lastRefill = current;
      return;
    }
    tokens = Math.min(rate, tokens + ((current - lastRefill) * rate) / 1000);
    lastRefill = current;
    while (tokens >= 1 && inFlight.size < rate * 2) {
      const claimed = claimNextJob(options.db, now());
      if (!claimed) break;
      tokens -= 1;
      const sending = deliver(claimed).finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    }
  }

  const timer = setInterval(() => {
    try {
      tick();
    } catch (error) {
      console.error("Send worker round failed:", error instanceof Error ? error.message : error);
    }
  }, interval);
  timer.unref();

  return {
    tick,
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.all([...inFlight]);
    },
  };
}
