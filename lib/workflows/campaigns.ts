import { z } from "zod";
import { inTransaction, type Db } from "@/db/client";
import { findCampaign, insertCampaign, insertRecipient, recipientsOf, replaceRecipientMessage, setSkippedCount } from "@/db/queries/campaigns";
import { findContactByPhone } from "@/db/queries/contacts";
import { certificatesExpiringBetween, listEmployees, openDeclarationsOf } from "@/db/queries/employees";
import type { Campaign, Employee } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit";
import { enqueueMessage, refusalReason, type OutboundContent } from "@/lib/outbound/queue";
import { addDays, dayOf } from "./dates";

export const audienceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("everyone") }),
  z.object({ kind: z.literal("department"), department: z.string().trim().min(1, "Choose a department") }),
  z.object({ kind: z.literal("expiring"), days: z.coerce.number().int().min(0, "Days must be 0 or more").max(3650, "At most 3,650 days") }),
  z.object({ kind: z.literal("pending") }),
]);
export type Audience = z.infer<typeof audienceSchema>;

export const campaignInput = z
  .object({
    name: z.string().trim().min(1, "Name the campaign").max(120, "Names can have at most 120 characters"),
    body: z.string().trim().max(1600, "Messages can have at most 1,600 characters"),
    contentSid: z
      .string()
      .trim()
      .transform((value) => value || null)
      .pipe(z.string().regex(/^HX[0-9a-fA-F]{32}$/, "A template's Content SID looks like HX followed by 32 hex characters").nullable()),
    audience: audienceSchema,
  })
  .refine((value) => value.contentSid || value.body.length > 0, { message: "Write the message or give a template", path: ["body"] });
export type CampaignInput = z.infer<typeof campaignInput>;

/** Active employees the audience names. */
export function audienceMembers(db: Db, audience: Audience, now = new Date()): Employee[] {
  const active = listEmployees(db).filter((employee) => employee.active);
  switch (audience.kind) {
    case "everyone":
      return active;
    case "department":
      return active.filter((employee) => employee.department === audience.department);
    case "expiring": {
      const today = dayOf(now);
      const ids = new Set(certificatesExpiringBetween(db, today, addDays(today, audience.days)).map((certificate) => certificate.employeeId));
      return active.filter((employee) => ids.has(employee.id));
    }
    case "pending":
      return active.filter((employee) => openDeclarationsOf(db, employee.id).length > 0);
  }
}

export interface AudiencePreview {
  total: number;
  /** Skipped, as the campaign will skip them. */
  optedOut: number;
  /** The send queue would refuse these (blocked; free text outside their 24-hour window), with the first reason. */
  refused: number;
  refusal: string | null;
  willReceive: number;
}

/** Who this campaign would reach, counted as the send queue would decide it for this content now. */
export function previewAudience(db: Db, input: Pick<CampaignInput, "audience" | "body" | "contentSid">, now = new Date()): AudiencePreview {
  const members = audienceMembers(db, input.audience, now);
  const preview: AudiencePreview = { total: members.length, optedOut: 0, refused: 0, refusal: null, willReceive: 0 };
  for (const employee of members) {
    const contact = findContactByPhone(db, employee.phone);
    if (contact?.optedOut) {
      preview.optedOut++;
      continue;
    }
    const refusal = refusalReason(contact, contentOf(input, employee), now);
    if (refusal) {
      preview.refused++;
      preview.refusal ??= refusal;
    } else preview.willReceive++;
  }
  return preview;
}

function contentOf(input: Pick<Campaign, "body" | "contentSid">, employee: Employee): OutboundContent {
  return input.contentSid
    ? { kind: "template", contentSid: input.contentSid, variables: { 1: employee.name } }
    : { kind: "text", body: input.body.replace(/\{name\}/g, employee.name) };
}

/**
 * Creates the campaign and queues one message per recipient in one transaction: the send queue
 * then delivers them at its rate. Opted-out people are skipped and counted, never messaged.
 */
export function createCampaign(db: Db, actor: Actor & { id: number | null }, input: CampaignInput, from: string, now = new Date()): Campaign {
  return inTransaction(db, () => {
    const members = audienceMembers(db, input.audience, now);
    const campaign = insertCampaign(db, { name: input.name, body: input.body, contentSid: input.contentSid, audience: input.audience, createdByUserId: actor.id }, now);
    let skipped = 0;
    for (const employee of members) {
      if (findContactByPhone(db, employee.phone)?.optedOut) {
        skipped++;
        insertRecipient(db, { campaignId: campaign.id, employeeId: employee.id, messageId: null, skipped: "opted out" }, now);
        continue;
      }
      const queued = enqueueMessage(db, { phone: employee.phone, from, content: contentOf(input, employee), sentByUserId: actor.id }, now);
      insertRecipient(db, { campaignId: campaign.id, employeeId: employee.id, messageId: queued.message.id, skipped: null }, now);
    }
    setSkippedCount(db, campaign.id, skipped);
    recordAudit(db, actor, "reminders.campaign_create", { target: input.name, after: { audience: input.audience, recipients: members.length, skippedOptedOut: skipped } }, now);
    return { ...campaign, skippedOptedOut: skipped };
  });
}

export interface RemindAgainResult {
  reminded: number;
  /** Sends the queue refused (outside the 24-hour window, opted out, blocked), with the first reason. */
  refused: number;
  refusal: string | null;
}

/**
 * Sends the campaign again to those who have not acknowledged (and were not skipped). A refused
 * send is counted apart and leaves the recipient's earlier message (and its delivery) in place.
 */
export function remindAgain(db: Db, actor: Actor, campaignId: number, from: string, now = new Date()): RemindAgainResult {
  return inTransaction(db, () => {
    const result: RemindAgainResult = { reminded: 0, refused: 0, refusal: null };
    const campaign = findCampaign(db, campaignId);
    if (!campaign) return result;
    for (const recipient of recipientsOf(db, campaignId)) {
      if (recipient.acknowledgedAt || recipient.skipped || !recipient.employee.active) continue;
      const sent = enqueueMessage(db, { phone: recipient.employee.phone, from, content: contentOf(campaign, recipient.employee), sentByUserId: actor.id }, now);
      if (sent.queued) {
        replaceRecipientMessage(db, recipient.id, sent.message.id);
        result.reminded++;
      } else {
        result.refused++;
        result.refusal ??= sent.reason;
      }
    }
    recordAudit(db, actor, "reminders.remind_again", { target: campaign.name, after: { recipients: result.reminded, refused: result.refused } }, now);
    return result;
  });
}

