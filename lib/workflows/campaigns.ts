import { createHash } from "node:crypto";
import { z } from "zod";
import { inTransaction, type Db } from "@/db/client";
import { findCampaign, insertCampaign, insertRecipient, recipientsOf, replaceRecipientMessage, setSkippedCount } from "@/db/queries/campaigns";
import { contactsByPhone } from "@/db/queries/contacts";
import { employeesWithOpenDeclarations, listEmployees } from "@/db/queries/employees";
import type { Campaign, Employee } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit";
import { unixLineBreaks } from "@/lib/text";
import { enqueueMessage, refusalReason, type OutboundContent } from "@/lib/outbound/queue";
import { addDays, dayOf } from "./dates";
import { currentCertificatesExpiring } from "./renewals";

export const audienceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("everyone") }),
  z.object({ kind: z.literal("department"), department: z.string().trim().min(1, "Choose a department") }),
  z.object({ kind: z.literal("expiring"), days: z.coerce.number().int().min(0, "Days must be 0 or more").max(3650, "At most 3,650 days") }),
  z.object({ kind: z.literal("expired") }),
  z.object({ kind: z.literal("pending") }),
]);
export type Audience = z.infer<typeof audienceSchema>;

export const campaignInput = z
  .object({
    name: z.string().trim().min(1, "Name the campaign").max(120, "Names can have at most 120 characters"),
    body: z.string().overwrite(unixLineBreaks).trim().max(1600, "Messages can have at most 1,600 characters"),
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
      return holdersOf(active, currentCertificatesExpiring(db, today, addDays(today, audience.days)));
    }
    case "expired":
      return holdersOf(active, currentCertificatesExpiring(db, null, addDays(dayOf(now), -1)));
    case "pending": {
      const holders = employeesWithOpenDeclarations(db);
      return active.filter((employee) => holders.has(employee.id));
    }
  }
}

function holdersOf(active: Employee[], certificates: { employeeId: number }[]): Employee[] {
  const ids = new Set(certificates.map((certificate) => certificate.employeeId));
  return active.filter((employee) => ids.has(employee.id));
}

export interface AudiencePreview {
  total: number;
  /** Skipped, as the campaign will skip them. */
  optedOut: number;
  /** The send queue would refuse these (blocked; free text outside their 24-hour window), with the first reason. */
  refused: number;
  refusal: string | null;
  willReceive: number;
  /** Who exactly will receive it: what Send must still find, or it refuses (see `sendPreviewedCampaign`). */
  fingerprint: string;
}

/**
 * "<count>.<sha256 hex>": the count is only there to say "(was 42)" in a refusal; the hash decides.
 * Empty (nothing previewed, or a form posted before the page ran its script) counts as missing.
 */
export const previewFingerprint = z
  .string()
  .trim()
  .transform((value) => value || null)
  .pipe(z.string().regex(/^\d{1,9}\.[0-9a-f]{64}$/, "Preview the recipients again before sending").nullable());

/**
 * The set of people who will receive it, not its size: one added and one opted out leave the count
 * alone but change who gets the message. The phone is in it because a number edited since the
 * preview sends to someone else; the content kind because text and a template reach different sets.
 */
function fingerprintOf(receiving: Employee[], kind: OutboundContent["kind"]): string {
  const recipients = receiving.map((employee) => [employee.id, employee.phone] as const).sort(([a], [b]) => a - b);
  const hash = createHash("sha256").update(JSON.stringify([kind, recipients])).digest("hex");
  return `${receiving.length}.${hash}`;
}

/** Who this campaign would reach, counted as the send queue would decide it for this content now. */
export function previewAudience(db: Db, input: Pick<CampaignInput, "audience" | "body" | "contentSid">, now = new Date()): AudiencePreview {
  const members = audienceMembers(db, input.audience, now);
  const contacts = contactsByPhone(db, members.map((employee) => employee.phone));
  const receiving: Employee[] = [];
  let optedOut = 0;
  let refused = 0;
  let firstRefusal: string | null = null;
  for (const employee of members) {
    const contact = contacts.get(employee.phone);
    if (contact?.optedOut) {
      optedOut++;
      continue;
    }
    const refusal = refusalReason(contact, contentOf(input, employee), now);
    if (refusal) {
      refused++;
      firstRefusal ??= refusal;
    } else receiving.push(employee);
  }
  const kind = input.contentSid ? "template" : "text";
  return { total: members.length, optedOut, refused, refusal: firstRefusal, willReceive: receiving.length, fingerprint: fingerprintOf(receiving, kind) };
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
    const contacts = contactsByPhone(db, members.map((employee) => employee.phone));
    const campaign = insertCampaign(db, { name: input.name, body: input.body, contentSid: input.contentSid, audience: input.audience, createdByUserId: actor.id }, now);
    let skipped = 0;
    for (const employee of members) {
      if (contacts.get(employee.phone)?.optedOut) {
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

export type SendResult = { sent: true; campaign: Campaign } | { sent: false; reason: string; preview: AudiencePreview };

/**
 * Sends the campaign only to the people the user confirmed: `previewed` is the fingerprint of the
 * preview they saw. Employees added, deactivated or opted out since (an import, another tab, a STOP)
 * make it refuse with the new preview, nothing created or queued. The check and the sends share one
 * transaction, so nothing can change between them.
 */
export function sendPreviewedCampaign(db: Db, actor: Actor & { id: number | null }, input: CampaignInput, previewed: string | null, from: string, now = new Date()): SendResult {
  return inTransaction(db, () => {
    const preview = previewAudience(db, input, now);
    const reason = sendRefusal(preview, previewed);
    if (reason) return { sent: false, reason, preview };
    return { sent: true, campaign: createCampaign(db, actor, input, from, now) };
  });
}

function sendRefusal(preview: AudiencePreview, previewed: string | null): string | null {
  if (preview.total === 0) return "Nobody is in this audience.";
  // Send is never offered then, but a form posted by hand must not create a campaign that reaches no one.
  if (previewed === preview.fingerprint) return preview.willReceive === 0 ? "Nobody in this audience can receive it now, so nothing was sent." : null;
  const count = preview.willReceive;
  // Send is only offered beside a preview someone will receive: with nobody left, there is nothing to send again.
  const again = count > 0 ? " and send again" : "";
  if (!previewed) return `Preview the recipients before sending: ${count > 0 ? `${count} will receive it` : "nobody will receive it"}. Check the preview${again}.`;
  const was = Number(previewed.slice(0, previewed.indexOf(".")));
  const change = count === 0 ? `nobody will receive it now (was ${was})` : count === was ? `${count} will still receive it, but not the same people` : `${count} will now receive it (was ${was})`;
  return `The audience changed since your preview: ${change}. Check the new preview${again}.`;
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

