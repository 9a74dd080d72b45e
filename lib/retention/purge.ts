import { inTransaction, type Db } from "@/db/client";
import { finishLease, takeLease } from "@/db/queries/jobs";
import {
  countOldErrors, countOldStatusEvents, countPurgeableMessages, deleteMessagesById, deleteOldErrors, deleteOldStatusEvents, purgeableMessageIds,
} from "@/db/queries/retention";
import { recordAudit, SYSTEM_ACTOR, type Actor } from "@/lib/audit";
import type { Settings } from "@/lib/settings";
import { dayOf } from "@/lib/workflows/dates";

const DAY_MS = 86_400_000;
export const PURGE_BATCH = 5000;
export const PURGE_JOB = "retention-purge";

export interface PurgeCounts {
  messages: number;
  heldMessages: number;
  errorLog: number;
  statusEvents: number;
}

export type RetentionSettings = Pick<Settings, "retentionDays" | "retentionFloorDays" | "errorLogDays" | "statusEventDays">;

export function cutoffs(settings: RetentionSettings, now: Date) {
  // A period reaching back before 1970 keeps everything (and is still a valid date to compare with).
  const before = (days: number) => new Date(Math.max(0, now.getTime() - days * DAY_MS));
  return {
    messages: before(Math.max(settings.retentionDays, settings.retentionFloorDays)),
    errorLog: before(settings.errorLogDays),
    statusEvents: before(settings.statusEventDays),
  };
}

/** What a purge would delete now (the dry run). */
export function purgePreview(db: Db, settings: RetentionSettings, now = new Date()): PurgeCounts {
  const cut = cutoffs(settings, now);
  const messages = countPurgeableMessages(db, cut.messages);
  return { messages: messages.purgeable, heldMessages: messages.held, errorLog: countOldErrors(db, cut.errorLog), statusEvents: countOldStatusEvents(db, cut.statusEvents) };
}

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Deletes what retention no longer requires, skipping legal holds, in batches of 5,000 rows per
 * short transaction with a yield between them, so webhooks wait milliseconds at most. The
 * analytics aggregates follow every deleted row through their triggers. Audit-logged with counts.
 */
export async function purge(db: Db, settings: RetentionSettings, actor: Actor = SYSTEM_ACTOR, now = new Date(), batchSize = PURGE_BATCH): Promise<PurgeCounts> {
  const cut = cutoffs(settings, now);
  const counts: PurgeCounts = { messages: 0, heldMessages: countPurgeableMessages(db, cut.messages).held, errorLog: 0, statusEvents: 0 };
  for (;;) {
    const deleted = inTransaction(db, () => deleteMessagesById(db, purgeableMessageIds(db, cut.messages, batchSize)));
    counts.messages += deleted;
    if (deleted < batchSize) break;
    await pause();
  }
  for (;;) {
    const deleted = inTransaction(db, () => deleteOldErrors(db, cut.errorLog, batchSize));
    counts.errorLog += deleted;
    if (deleted < batchSize) break;
    await pause();
  }
  for (;;) {
    const deleted = inTransaction(db, () => deleteOldStatusEvents(db, cut.statusEvents, batchSize));
    counts.statusEvents += deleted;
    if (deleted < batchSize) break;
    await pause();
  }
  recordAudit(db, actor, "retention.purge", { after: { ...counts, messagesBefore: cut.messages.toISOString() } }, now);
  return counts;
}

/** The daily purge: once a day across instances (a lease row), skipped when another instance holds it. */
export async function dailyPurge(db: Db, settings: RetentionSettings, holder: string, now = new Date()): Promise<PurgeCounts | null> {
  const today = dayOf(now);
  const lease = inTransaction(db, () => takeLease(db, PURGE_JOB, holder, now, new Date(now.getTime() + 60 * 60 * 1000)));
  if (!lease.taken) return null;
  if (lease.lastRunOn === today) {
    inTransaction(db, () => finishLease(db, PURGE_JOB, holder, today));
    return null;
  }
  const counts = await purge(db, settings, SYSTEM_ACTOR, now);
  inTransaction(db, () => finishLease(db, PURGE_JOB, holder, today));
  return counts;
}
