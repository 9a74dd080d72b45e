import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setBlocked, setOptedOut, upsertContactOnInbound } from "@/db/queries/contacts";
import { findMessageById } from "@/db/queries/messages";
import { findJobById } from "@/db/queries/outbound-jobs";
import { tempDb, type TempDb } from "@/tests/support/db";
import { messageSid, statusParams } from "@/tests/support/twilio-fixtures";
import { readStatusCallback } from "@/lib/twilio/status";
import { recordStatus } from "@/lib/webhooks/status";
import { backoffMs, claimNextJob, completeJob, enqueueMessage, failJob, LEASE_MS, MAX_ATTEMPTS, renewLease, TEMPLATE_SETTLE_MS, THROTTLED_GIVE_UP_MS, WINDOW_MS } from "./queue";

let t: TempDb;
const now = new Date("2026-06-01T12:00:00Z");
const at = (ms: number) => new Date(now.getTime() + ms);
const PHONE = "+919812345678";
const FROM = "whatsapp:+14155238886";

beforeEach(() => {
  t = tempDb();
  upsertContactOnInbound(t.db, { phone: PHONE, channel: "whatsapp", profileName: "Asha", waId: null, at: at(-60_000), day: "2026-06-01" });
});
afterEach(() => t.close());

const text = (body = "Your form is due Friday") => ({ kind: "text" as const, body });
const enqueue = (content: Parameters<typeof enqueueMessage>[1]["content"] = text(), when = now, phone = PHONE) => enqueueMessage(t.db, { phone, from: FROM, content, sentByUserId: null }, when);

describe("enqueueMessage", () => {
  it("stores the message as queued with a pending job", () => {
    const result = enqueue();
    expect(result.queued).toBe(true);
    expect(result.message).toMatchObject({ direction: "outbound", status: "queued", toAddress: `whatsapp:${PHONE}`, body: "Your form is due Friday", messageSid: null });
  });

  it.each([
    ["opted out", () => setOptedOut(t.db, 1, true, now), "opted out"],
    ["blocked", () => setBlocked(t.db, PHONE, true, now), "blocked"],
  ])("refuses a %s contact before any API call, with the reason stored", (_label, arrange, reason) => {
    arrange();
    const result = enqueue();
    expect(result).toMatchObject({ queued: false, message: { status: "refused" } });
    expect(result.message.errorMessage).toContain(reason);
    expect(claimNextJob(t.db, at(1000))).toBeNull();
  });

  it("refuses free text outside the 24-hour window but takes a template", () => {
    const late = at(WINDOW_MS);
    expect(enqueue(text(), late)).toMatchObject({ queued: false, reason: expect.stringContaining("24-hour window") });
    expect(enqueue({ kind: "template", contentSid: `HX${"a".repeat(32)}`, variables: { 1: "Asha" } }, late).queued).toBe(true);
    expect(enqueue(text(), now, "+14155550000")).toMatchObject({ queued: false });
  });
});

describe("claiming", () => {
  it("leases a job to one claimer only, and again only after the lease expires", () => {
    const { message } = enqueue();
    const first = claimNextJob(t.db, now);
    expect(first?.message.id).toBe(message.id);
    expect(claimNextJob(t.db, now)).toBeNull();
    expect(claimNextJob(t.db, at(LEASE_MS - 1))).toBeNull();
    // The worker died mid-send: after the lease the job is due again, counted as another attempt.
    const second = claimNextJob(t.db, at(LEASE_MS + 1));
    expect(second?.job.attempts).toBe(2);
  });

  it("holds an abandoned template until the settle period after its attempt instead of sending it when the lease ends", () => {
    const template = enqueue({ kind: "template", contentSid: `HX${"e".repeat(32)}`, variables: { 1: "Asha" } });
    if (!template.queued) throw new Error("expected queued");
    expect(claimNextJob(t.db, now)?.job.id).toBe(template.job.id);
    expect(claimNextJob(t.db, at(LEASE_MS + 1))).toBeNull();
    expect(findJobById(t.db, template.job.id)).toMatchObject({ state: "pending", nextAttemptAt: at(TEMPLATE_SETTLE_MS) });
    expect(claimNextJob(t.db, at(TEMPLATE_SETTLE_MS - 1))).toBeNull();
    expect(claimNextJob(t.db, at(TEMPLATE_SETTLE_MS))?.job).toMatchObject({ id: template.job.id, attempts: 2 });
  });

  it("settles an abandoned send that a status callback already confirmed instead of sending twice", () => {
    const queued = enqueue();
    if (!queued.queued) throw new Error("expected queued");
    claimNextJob(t.db, now);
    const sid = messageSid();
    recordStatus(t.db, readStatusCallback(statusParams(sid, "sent")), queued.message.id, at(1000));
    expect(findJobById(t.db, queued.job.id)?.state).toBe("sent");
    expect(claimNextJob(t.db, at(LEASE_MS + 1))).toBeNull();
    expect(findMessageById(t.db, queued.message.id)).toMatchObject({ messageSid: sid, status: "sent" });
  });
});

describe("the 24-hour window closing while a job waits", () => {
  const template = { kind: "template" as const, contentSid: `HX${"f".repeat(32)}`, variables: { 1: "Asha" } };
  // The contact last wrote a minute before `now`.
  const closed = at(WINDOW_MS);

  it("refuses free text at claim with the reason given at enqueue, and still sends a template", () => {
    const late = enqueue();
    const lateTemplate = enqueue(template);
    if (!late.queued || !lateTemplate.queued) throw new Error("expected queued");
    const atEnqueue = enqueue(text(), closed);
    if (atEnqueue.queued) throw new Error("expected refused");
    expect(claimNextJob(t.db, closed)?.job.id).toBe(lateTemplate.job.id);
    expect(claimNextJob(t.db, closed)).toBeNull();
    expect(findJobById(t.db, late.job.id)).toMatchObject({ state: "refused", attempts: 0, lastError: atEnqueue.reason });
    expect(findMessageById(t.db, late.message.id)).toMatchObject({ status: "refused", messageSid: null, errorMessage: atEnqueue.reason });
  });

  it("refuses free text at the renewal before the send", () => {
    const queued = enqueue();
    if (!queued.queued) throw new Error("expected queued");
    const claimed = claimNextJob(t.db, at(WINDOW_MS - 61_000))!;
    expect(renewLease(t.db, claimed.job, closed)).toBeNull();
    expect(findMessageById(t.db, queued.message.id)).toMatchObject({ status: "refused", errorMessage: expect.stringContaining("24-hour window") });
  });
});

describe("renewing a lease between the lookup and the send", () => {
  it("extends the holder's lease", () => {
    enqueue();
    const claimed = claimNextJob(t.db, now)!;
    const renewed = renewLease(t.db, claimed.job, at(5_000));
    expect(renewed?.leaseUntil?.getTime()).toBe(at(5_000 + LEASE_MS).getTime());
    expect(claimNextJob(t.db, at(LEASE_MS + 1))).toBeNull();
    expect(renewLease(t.db, renewed!, at(6_000))).not.toBeNull();
  });

  it("refuses once a status callback settled the job: Twilio already has the message", () => {
    const queued = enqueue();
    const claimed = claimNextJob(t.db, now)!;
    recordStatus(t.db, readStatusCallback(statusParams(messageSid(), "sent")), queued.message.id, at(1000));
    expect(renewLease(t.db, claimed.job, at(2000))).toBeNull();
  });

  it("refuses, and ends the job refused, once the contact opted out during the lookup", () => {
    const queued = enqueue();
    if (!queued.queued) throw new Error("expected queued");
    const claimed = claimNextJob(t.db, now)!;
    setOptedOut(t.db, 1, true, at(1000));
    expect(renewLease(t.db, claimed.job, at(2000))).toBeNull();
    expect(findJobById(t.db, queued.job.id)).toMatchObject({ state: "refused", leaseUntil: null });
    expect(findMessageById(t.db, queued.message.id)).toMatchObject({ status: "refused", errorMessage: expect.stringContaining("opted out") });
  });

  it("refuses once another worker took the job over after the lease ran out", () => {
    enqueue();
    const stale = claimNextJob(t.db, now)!;
    expect(claimNextJob(t.db, at(LEASE_MS + 1))).not.toBeNull();
    expect(renewLease(t.db, stale.job, at(LEASE_MS + 2))).toBeNull();
  });
});

describe("completion and failure", () => {
  it("keeps a message a callback confirmed when its send then times out, even on the last attempt", () => {
    const queued = enqueue();
    if (!queued.queued) throw new Error("expected queued");
    t.db.$client.prepare("update outbound_jobs set attempts = ? where id = ?").run(MAX_ATTEMPTS - 1, queued.job.id);
    expect(claimNextJob(t.db, now)?.job.attempts).toBe(MAX_ATTEMPTS);
    // Twilio created it and called back; our request still timed out.
    const sid = messageSid();
    recordStatus(t.db, readStatusCallback(statusParams(sid, "delivered")), queued.message.id, at(1000));
    expect(failJob(t.db, queued.job.id, { message: "timeout of 15000ms exceeded", code: null, retryable: true }, at(15_000))).toBe("sent");
    expect(findJobById(t.db, queued.job.id)).toMatchObject({ state: "sent" });
    expect(findMessageById(t.db, queued.message.id)).toMatchObject({ messageSid: sid, status: "delivered", errorCode: null });
  });

  it("does not put a callback-settled job back in the queue after a 5xx", () => {
    const queued = enqueue();
    if (!queued.queued) throw new Error("expected queued");
    claimNextJob(t.db, now);
    recordStatus(t.db, readStatusCallback(statusParams(messageSid(), "sent")), queued.message.id, at(10));
    expect(failJob(t.db, queued.job.id, { message: "Internal Server Error", code: 20500, retryable: true }, at(20))).toBe("sent");
    expect(findJobById(t.db, queued.job.id)?.state).toBe("sent");
  });

  it("records the SID and applies callbacks that raced ahead of the API answer", () => {
    const queued = enqueue();
    if (!queued.queued) throw new Error("expected queued");
    claimNextJob(t.db, now);
    const sid = messageSid();
    recordStatus(t.db, readStatusCallback(statusParams(sid, "delivered")), null, at(10));
    completeJob(t.db, queued.job.id, { sid, status: "queued" }, at(20));
    expect(findMessageById(t.db, queued.message.id)).toMatchObject({ messageSid: sid, status: "delivered" });
  });

  it("retries retryable errors with backoff and gives up after the last attempt", () => {
    const queued = enqueue();
    if (!queued.queued) throw new Error("expected queued");
    let clock = now.getTime();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const claimed = claimNextJob(t.db, new Date(clock));
      expect(claimed?.job.attempts).toBe(attempt);
      const outcome = failJob(t.db, queued.job.id, { message: "Bad Gateway", code: 20502, retryable: true }, new Date(clock), () => 1);
      expect(outcome).toBe(attempt < MAX_ATTEMPTS ? "retry" : "failed");
      const job = findJobById(t.db, queued.job.id)!;
      if (attempt < MAX_ATTEMPTS) {
        expect(job.nextAttemptAt.getTime() - clock).toBe(backoffMs(attempt, () => 1));
        expect(claimNextJob(t.db, new Date(clock))).toBeNull();
        clock = job.nextAttemptAt.getTime();
      }
    }
    expect(findJobById(t.db, queued.job.id)).toMatchObject({ state: "failed", lastErrorCode: 20502 });
    expect(findMessageById(t.db, queued.message.id)).toMatchObject({ status: "failed", errorCode: 20502 });
  });

  describe("429s", () => {
    const throttled = { message: "Too Many Requests", code: 20429, retryable: true, throttled: true };
    const serverError = { message: "Internal Server Error", code: 20500, retryable: true };

    /** Claims the job when it is due and fails it with `error`; returns the outcome and the wait it was given. */
    function attempt(jobId: number, clock: { ms: number }, error: Parameters<typeof failJob>[2]) {
      const next = findJobById(t.db, jobId)!.nextAttemptAt.getTime();
      clock.ms = Math.max(clock.ms, next);
      expect(claimNextJob(t.db, new Date(clock.ms))?.job.id).toBe(jobId);
      const outcome = failJob(t.db, jobId, error, new Date(clock.ms), () => 1);
      return { outcome, waitMs: findJobById(t.db, jobId)!.nextAttemptAt.getTime() - clock.ms };
    }

    it("do not use up the attempts: a job rides out half an hour of them, waiting at most a minute each time", () => {
      const queued = enqueue();
      if (!queued.queued) throw new Error("expected queued");
      const clock = { ms: now.getTime() };
      const waits: number[] = [];
      for (;;) {
        const { outcome, waitMs } = attempt(queued.job.id, clock, throttled);
        if (outcome === "failed") break;
        expect(outcome).toBe("retry");
        waits.push(waitMs);
      }
      expect(waits.length).toBeGreaterThan(MAX_ATTEMPTS * 4);
      expect(Math.max(...waits)).toBe(60_000);
      // The give-up comes at the first attempt past the limit, measured from the first 429.
      expect(clock.ms - now.getTime()).toBeGreaterThanOrEqual(THROTTLED_GIVE_UP_MS);
      expect(clock.ms - now.getTime()).toBeLessThan(THROTTLED_GIVE_UP_MS + 60_000);
      expect(findJobById(t.db, queued.job.id)).toMatchObject({ state: "failed", lastErrorCode: 20429 });
      expect(findMessageById(t.db, queued.message.id)).toMatchObject({ status: "failed", errorCode: 20429 });
    });

    it("between other errors leave the attempt limit to those errors alone, and each run of them gets its own half hour", () => {
      const queued = enqueue();
      if (!queued.queued) throw new Error("expected queued");
      const clock = { ms: now.getTime() };
      for (let round = 1; round < MAX_ATTEMPTS; round++) {
        expect(attempt(queued.job.id, clock, serverError).outcome).toBe("retry");
        const runStarted = clock.ms;
        while (clock.ms - runStarted < THROTTLED_GIVE_UP_MS - 120_000) expect(attempt(queued.job.id, clock, throttled).outcome).toBe("retry");
      }
      expect(findJobById(t.db, queued.job.id)!.attempts).toBeGreaterThan(MAX_ATTEMPTS * 10);
      expect(attempt(queued.job.id, clock, serverError).outcome).toBe("failed");
    });
  });

  it("gives a template send that may have reached Twilio time for its callbacks before trying again", () => {
    const template = { kind: "template" as const, contentSid: `HX${"c".repeat(32)}`, variables: { 1: "Asha" } };
    const cases = [
      { content: template, error: { message: "timeout of 15000ms exceeded", code: null, mayHaveBeenSent: true }, waitMs: TEMPLATE_SETTLE_MS },
      { content: template, error: { message: "Internal Server Error", code: 20500, mayHaveBeenSent: true }, waitMs: TEMPLATE_SETTLE_MS },
      // Refused outright: nothing was created, the usual backoff applies.
      { content: template, error: { message: "Too Many Requests", code: 20429, mayHaveBeenSent: false }, waitMs: backoffMs(1, () => 1) },
      // Free text is looked up at Twilio by its body before the retry instead.
      { content: text(), error: { message: "Internal Server Error", code: 20500, mayHaveBeenSent: true }, waitMs: backoffMs(1, () => 1) },
    ];
    for (const { content, error, waitMs } of cases) {
      const queued = enqueue(content);
      if (!queued.queued) throw new Error("expected queued");
      expect(claimNextJob(t.db, now)?.job.id).toBe(queued.job.id);
      expect(failJob(t.db, queued.job.id, { ...error, retryable: true }, now, () => 1)).toBe("retry");
      expect(findJobById(t.db, queued.job.id)!.nextAttemptAt.getTime() - now.getTime(), error.message).toBe(waitMs);
    }
  });

  describe("a send given up on after a request Twilio may have received", () => {
    /** The last attempt times out: Twilio may have created the message all the same. */
    function giveUpUnanswered() {
      const queued = enqueue();
      if (!queued.queued) throw new Error("expected queued");
      t.db.$client.prepare("update outbound_jobs set attempts = ? where id = ?").run(MAX_ATTEMPTS - 1, queued.job.id);
      claimNextJob(t.db, now);
      expect(failJob(t.db, queued.job.id, { message: "timeout of 15000ms exceeded", code: null, retryable: true, mayHaveBeenSent: true }, at(15_000))).toBe("failed");
      expect(findMessageById(t.db, queued.message.id)).toMatchObject({ status: "failed", messageSid: null });
      return queued;
    }

    it("shows what Twilio later reports about it, not our failure", () => {
      const queued = giveUpUnanswered();
      const sid = messageSid();
      recordStatus(t.db, readStatusCallback(statusParams(sid, "sent")), queued.message.id, at(60_000));
      recordStatus(t.db, readStatusCallback(statusParams(sid, "delivered")), null, at(61_000));
      expect(findMessageById(t.db, queued.message.id)).toMatchObject({ messageSid: sid, status: "delivered", errorCode: null, errorMessage: null, sentAt: at(60_000) });
      expect(findJobById(t.db, queued.job.id)?.state).toBe("sent");
      expect(claimNextJob(t.db, at(120_000))).toBeNull();
    });

    it("keeps a failure Twilio itself reports terminal", () => {
      const queued = giveUpUnanswered();
      const sid = messageSid();
      recordStatus(t.db, readStatusCallback(statusParams(sid, "failed", { ErrorCode: "63016" })), queued.message.id, at(60_000));
      recordStatus(t.db, readStatusCallback(statusParams(sid, "sent")), null, at(61_000));
      expect(findMessageById(t.db, queued.message.id)).toMatchObject({ messageSid: sid, status: "failed", errorCode: 63016 });
    });

    it("does not reopen a send Twilio refused outright", () => {
      const queued = enqueue();
      if (!queued.queued) throw new Error("expected queued");
      claimNextJob(t.db, now);
      expect(failJob(t.db, queued.job.id, { message: "invalid To", code: 21211, retryable: false }, now)).toBe("failed");
      recordStatus(t.db, readStatusCallback(statusParams(messageSid(), "delivered")), queued.message.id, at(60_000));
      expect(findMessageById(t.db, queued.message.id)).toMatchObject({ status: "failed", errorCode: 21211 });
      expect(findJobById(t.db, queued.job.id)?.state).toBe("failed");
    });
  });

  it("fails at once on a permanent error", () => {
    const queued = enqueue();
    if (!queued.queued) throw new Error("expected queued");
    claimNextJob(t.db, now);
    expect(failJob(t.db, queued.job.id, { message: "invalid To", code: 21211, retryable: false }, now)).toBe("failed");
  });
});

describe("backoffMs", () => {
  it("doubles from about a second, caps at a minute, and jitters between half and all", () => {
    expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(20, () => 1)).toBe(60_000);
    expect(backoffMs(3, () => 0)).toBe(2000);
  });
});
