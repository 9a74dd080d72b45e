import { and, desc, eq, gte, inArray, isNull, lt, not, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { campaignRecipients, campaignSends, campaigns, employees, messages, type Campaign, type CampaignRecipient, type Employee } from "../schema";

export function insertCampaign(db: Db, values: Pick<Campaign, "name" | "body" | "contentSid" | "audience" | "createdByUserId"> & Partial<Pick<Campaign, "template">>, now: Date): Campaign {
  return db.insert(campaigns).values({ ...values, createdAt: now }).returning().get();
}

export function setSkippedCount(db: Db, campaignId: number, skipped: number): void {
  db.update(campaigns).set({ skippedOptedOut: skipped }).where(eq(campaigns.id, campaignId)).run();
}

export function insertRecipient(db: Db, values: Pick<CampaignRecipient, "campaignId" | "employeeId" | "messageId" | "skipped">, now: Date): CampaignRecipient {
  return db.insert(campaignRecipients).values({ ...values, createdAt: now }).returning().get();
}

export function findCampaign(db: Db, id: number): Campaign | undefined {
  return db.select().from(campaigns).where(eq(campaigns.id, id)).get();
}

export function campaignsBetween(db: Db, from: Date, to: Date, limit: number): Campaign[] {
  return db.select().from(campaigns).where(and(gte(campaigns.createdAt, from), lt(campaigns.createdAt, to))).orderBy(desc(campaigns.createdAt)).limit(limit).all();
}

/** Newest first, one page older than `beforeId` (keyset on the primary key: ids grow with time). */
export function listCampaigns(db: Db, page: { beforeId?: number; limit: number }): Campaign[] {
  return db
    .select()
    .from(campaigns)
    .where(page.beforeId === undefined ? undefined : lt(campaigns.id, page.beforeId))
    .orderBy(desc(campaigns.id))
    .limit(page.limit)
    .all();
}

/** Outbound statuses that mean the person never got the message: a reminder in one of them cannot be acknowledged. */
export const NOT_RECEIVED_STATUSES = ["failed", "undelivered", "refused"] as const;

/** A reminder whose message may have reached the person (or was deleted since, by retention). */
export const mayHaveBeenReceived = or(isNull(messages.status), not(inArray(messages.status, [...NOT_RECEIVED_STATUSES])));

/** The campaign reminder an ACK answers: this employee's most recent unacknowledged one that may have reached them. */
export function latestOpenReminder(db: Db, employeeId: number): (CampaignRecipient & { campaignName: string }) | undefined {
  const row = db
    .select({ recipient: campaignRecipients, campaignName: campaigns.name })
    .from(campaignRecipients)
    .innerJoin(campaigns, eq(campaigns.id, campaignRecipients.campaignId))
    .leftJoin(messages, eq(messages.id, campaignRecipients.messageId))
    .where(and(eq(campaignRecipients.employeeId, employeeId), isNull(campaignRecipients.acknowledgedAt), isNull(campaignRecipients.skipped), mayHaveBeenReceived))
    .orderBy(desc(campaignRecipients.createdAt), desc(campaignRecipients.id))
    .limit(1)
    .get();
  return row ? { ...row.recipient, campaignName: row.campaignName } : undefined;
}

export function acknowledge(db: Db, recipientId: number, messageSid: string, at: Date): void {
  db.update(campaignRecipients).set({ acknowledgedAt: at, ackMessageSid: messageSid }).where(eq(campaignRecipients.id, recipientId)).run();
}

/** Records a Remind again round that queued something: the next one within the hour asks first. */
export function markCampaignReminded(db: Db, campaignId: number, userId: number | null, at: Date): void {
  db.update(campaigns).set({ lastRemindedAt: at, lastRemindedByUserId: userId }).where(eq(campaigns.id, campaignId)).run();
}

/** One message of a round (the campaign's own send, or a Remind again): kept when a later round replaces it. */
export function insertCampaignSend(db: Db, values: { campaignId: number; recipientId: number; messageId: number; sentAt: Date }): void {
  db.insert(campaignSends).values(values).run();
}

export function replaceRecipientMessage(db: Db, recipientId: number, messageId: number): void {
  db.update(campaignRecipients)
    .set({ messageId, reminders: sql`${campaignRecipients.reminders} + 1` })
    .where(eq(campaignRecipients.id, recipientId))
    .run();
}

/** `errorMessage`: why their latest message failed or was refused (the send queue's reason for a refusal). */
export type RecipientRow = CampaignRecipient & { employee: Employee; status: string | null; errorCode: number | null; errorMessage: string | null };

export function recipientsOf(db: Db, campaignId: number): RecipientRow[] {
  return db
    .select({ recipient: campaignRecipients, employee: employees, status: messages.status, errorCode: messages.errorCode, errorMessage: messages.errorMessage })
    .from(campaignRecipients)
    .innerJoin(employees, eq(employees.id, campaignRecipients.employeeId))
    .leftJoin(messages, eq(messages.id, campaignRecipients.messageId))
    .where(eq(campaignRecipients.campaignId, campaignId))
    // As People orders them: "Bulk 2" before "Bulk 10" (employees.name_sort).
    .orderBy(employees.nameSort, employees.id)
    .all()
    .map((row) => ({ ...row.recipient, employee: row.employee, status: row.status, errorCode: row.errorCode, errorMessage: row.errorMessage }));
}

export interface CampaignProgress {
  total: number;
  skipped: number;
  queued: number;
  sent: number;
  delivered: number;
  read: number;
  /** Sent and then not delivered (failed, undelivered) or canceled. */
  failed: number;
  /** Never sent: the send queue refused them (opted out or blocked since, free text outside their 24-hour window). */
  refused: number;
  acknowledged: number;
  /** Recipients whose sent message a purge or an erasure removed since. */
  offRecord: number;
}

/** How far a set of campaign messages got, by their status: reached states are cumulative (read counts as delivered and sent). */
const deliveryCounts = () => ({
  queued: sql<number>`sum(${messages.status} in ('queued', 'sending', 'accepted', 'scheduled'))`,
  sent: sql<number>`sum(${messages.status} in ('sent', 'delivered', 'read'))`,
  delivered: sql<number>`sum(${messages.status} in ('delivered', 'read'))`,
  read: sql<number>`sum(${messages.status} = 'read')`,
  failed: sql<number>`sum(${messages.status} in ('failed', 'undelivered', 'canceled'))`,
  refused: sql<number>`sum(${messages.status} = 'refused')`,
});

const count = (value: unknown) => Number(value ?? 0);

/** Counts for one campaign: reached states are cumulative (read counts as delivered and sent). */
export function campaignProgress(db: Db, campaignId: number): CampaignProgress {
  const row = db
    .select({
      total: sql<number>`count(*)`,
      skipped: sql<number>`sum(${campaignRecipients.skipped} is not null)`,
      ...deliveryCounts(),
      // Sent, then removed by a purge or an erasure (the link is set null): nothing left to settle.
      offRecord: sql<number>`sum(${campaignRecipients.skipped} is null and ${messages.id} is null)`,
      acknowledged: sql<number>`sum(${campaignRecipients.acknowledgedAt} is not null)`,
    })
    .from(campaignRecipients)
    .leftJoin(messages, eq(messages.id, campaignRecipients.messageId))
    .where(eq(campaignRecipients.campaignId, campaignId))
    .get();
  return { total: count(row?.total), skipped: count(row?.skipped), queued: count(row?.queued), sent: count(row?.sent), delivered: count(row?.delivered), read: count(row?.read), failed: count(row?.failed), refused: count(row?.refused), acknowledged: count(row?.acknowledged), offRecord: count(row?.offRecord) };
}

/** One round's messages: the campaign's own send, or one Remind again. Reached states are cumulative, as in CampaignProgress. */
export interface RoundProgress extends Omit<CampaignProgress, "skipped" | "acknowledged"> {
  at: Date;
}

/** Every round of the campaign, oldest first, in one query (the rounds are told apart by their time). */
export function roundsProgress(db: Db, campaignId: number): RoundProgress[] {
  return db
    .select({
      at: campaignSends.sentAt,
      total: sql<number>`count(*)`,
      ...deliveryCounts(),
      offRecord: sql<number>`sum(${messages.id} is null)`,
    })
    .from(campaignSends)
    .leftJoin(messages, eq(messages.id, campaignSends.messageId))
    .where(eq(campaignSends.campaignId, campaignId))
    .groupBy(campaignSends.sentAt)
    .orderBy(campaignSends.sentAt)
    .all()
    .map((row) => ({ at: row.at, total: count(row.total), queued: count(row.queued), sent: count(row.sent), delivered: count(row.delivered), read: count(row.read), failed: count(row.failed), refused: count(row.refused), offRecord: count(row.offRecord) }));
}
