import { createHash } from "node:crypto";
import { z } from "zod";
import { inTransaction, type Db } from "@/db/client";
import { findCampaign, insertCampaign, insertCampaignSend, insertRecipient, markCampaignReminded, recipientsOf, replaceRecipientMessage, setSkippedCount, type RecipientRow } from "@/db/queries/campaigns";
import { contactsByPhone } from "@/db/queries/contacts";
import { departmentKey, employeesWithOpenDeclarations, listEmployees } from "@/db/queries/employees";
import { findUserById } from "@/db/queries/users";
import type { Campaign, Employee } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit";
import { unixLineBreaks } from "@/lib/text";
import { enqueueMessage, REFUSALS, refusalReason, type OutboundContent } from "@/lib/outbound/queue";
import { MAX_BODY_LENGTH } from "@/lib/twilio/limits";
import { variableField, type MessageTemplate } from "@/lib/templates";
import { userName } from "./approvals";
import { refusalLabel } from "./campaign-progress";
import { addDays, dayOf } from "./dates";
import { currentCertificatesExpiring } from "./renewals";

const number = (value: number) => value.toLocaleString("en");

/** The most days ahead "Certificate expiring within N days" looks: a year, a sensible horizon for a renewal reminder. */
export const MAX_EXPIRING_DAYS = 365;
const DAYS_RANGE = `Days must be a whole number from 1 to ${MAX_EXPIRING_DAYS}`;

/**
 * The form's "Days", as typed. Empty is refused rather than coerced (Number("") is 0, which
 * silently meant "expiring today"); 0 is refused too: "within 0 days" is not a window.
 */
const expiringDays = z
  .string({ error: "Days is required" })
  .trim()
  .min(1, "Days is required")
  .pipe(z.coerce.number<string>({ error: DAYS_RANGE }).int(DAYS_RANGE).min(1, DAYS_RANGE).max(MAX_EXPIRING_DAYS, DAYS_RANGE));

export const audienceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("everyone") }),
  z.object({ kind: z.literal("department"), department: z.string().trim().min(1, "Choose a department") }),
  z.object({ kind: z.literal("expiring"), days: expiringDays }),
  z.object({ kind: z.literal("expired") }),
  z.object({ kind: z.literal("pending") }),
]);
export type Audience = z.infer<typeof audienceSchema>;

/** WhatsApp's limit on one template variable's value is 1,024 characters; the inbox allows 1,000 too. */
export const MAX_TEMPLATE_VALUE_LENGTH = 1000;

/**
 * A saved template (Settings → Message templates) as a campaign sends it: `labels` are what its
 * {{1}}, {{2}}… stand for, `values` what the author typed once for {{2}} onwards ({{1}} is each
 * recipient's name). Twilio refuses a send whose variables do not match the template's (63028).
 */
export const campaignTemplate = z
  .object({ name: z.string(), labels: z.array(z.string()), values: z.array(z.string().max(MAX_TEMPLATE_VALUE_LENGTH)) })
  .refine((template) => template.values.length === Math.max(template.labels.length - 1, 0), { message: "Fill in every variable of the template" });
export type CampaignTemplate = z.infer<typeof campaignTemplate>;

export const campaignInput = z
  .object({
    name: z.string().trim().min(1, "Name the campaign").max(120, "Names can have at most 120 characters"),
    body: z.string().overwrite(unixLineBreaks).trim().max(MAX_BODY_LENGTH, `Messages can have at most ${number(MAX_BODY_LENGTH)} characters`),
    contentSid: z
      .string()
      .trim()
      .transform((value) => value || null)
      .pipe(z.string().regex(/^HX[0-9a-fA-F]{32}$/, "A template's Content SID looks like HX followed by 32 hex characters").nullable()),
    /** Set when the template was chosen from Settings' list (its SID is `contentSid`); absent for a bare Content SID. */
    template: campaignTemplate.nullish(),
    audience: audienceSchema,
  })
  .refine((value) => value.contentSid || value.body.length > 0, { message: "Write the message or give a template", path: ["body"] });
export type CampaignInput = z.infer<typeof campaignInput>;

/** The form's template choice: nothing (free text), a Content SID typed by hand, or a saved template's SID. */
export const OTHER_TEMPLATE = "other";

/**
 * The template part of the campaign form: the choice (`template`), a hand-typed `contentSid` for
 * "other", and one field per variable from {{2}} on (`variableField`), each required. Refused on
 * the field at fault; a saved template deleted since the page loaded is refused rather than sent
 * with guessed variables, and a hand-typed SID that is in the list is sent as the listed template
 * (or, when that has variables to type, pointed at it).
 */
export function chosenTemplate(
  saved: readonly MessageTemplate[],
  read: (field: string) => string,
): { contentSid: string; template: CampaignTemplate | null } | { contentSid: null; template: null } | { error: string; field: string } {
  const choice = read("template").trim();
  if (!choice) return { contentSid: null, template: null };
  const typed = choice === OTHER_TEMPLATE ? read("contentSid").trim() : null;
  const sid = typed ?? choice;
  const listed = saved.find((candidate) => candidate.contentSid.toLowerCase() === sid.toLowerCase());
  if (!listed) {
    if (typed === "") return { error: "Give the template's Content SID (HX…)", field: "contentSid" };
    if (typed !== null) return { contentSid: typed, template: null };
    return { error: "That template is no longer in Settings' list: reload the page and choose again.", field: "template" };
  }
  // Typed by hand, its other variables had no fields to fill in.
  if (typed !== null && listed.variables.length > 1) return { error: `That Content SID is listed as “${listed.name}”: choose it by name to fill in its variables`, field: "contentSid" };
  const values: string[] = [];
  for (const [index, label] of listed.variables.entries()) {
    if (index === 0) continue;
    const field = variableField(index + 1);
    const value = read(field).trim();
    if (!value) return { error: `Fill in “${label}” ({{${index + 1}}})`, field };
    if (value.length > MAX_TEMPLATE_VALUE_LENGTH) return { error: `“${label}” can have at most ${number(MAX_TEMPLATE_VALUE_LENGTH)} characters`, field };
    values.push(value);
  }
  return { contentSid: listed.contentSid, template: { name: listed.name, labels: listed.variables, values } };
}

/**
 * The ContentVariables one person gets: exactly those the saved template declares, {{1}} their
 * name and the rest as typed. Without a saved template (a bare Content SID, or a campaign from
 * before templates were listed), {{1}} is the name, as it always was.
 */
export function templateVariablesFor(template: CampaignTemplate | null | undefined, employee: Pick<Employee, "name">): Record<string, string> {
  if (!template) return { 1: employee.name };
  const variables: Record<string, string> = {};
  template.labels.forEach((_label, index) => {
    variables[String(index + 1)] = index === 0 ? employee.name : (template.values[index - 1] ?? "");
  });
  return variables;
}

/** "{{1}} Name: each person's name · {{2}} Due date: Friday", or that the template takes none. */
export function templateVariablesLine(template: CampaignTemplate | null | undefined): string {
  if (!template) return "{{1}}: each person's name";
  if (template.labels.length === 0) return "no variables";
  return template.labels.map((label, index) => `{{${index + 1}}} ${label}: ${index === 0 ? "each person's name" : template.values[index - 1]}`).join(" · ");
}

/** Active employees the audience names. */
export function audienceMembers(db: Db, audience: Audience, now = new Date()): Employee[] {
  const active = listEmployees(db).filter((employee) => employee.active);
  switch (audience.kind) {
    case "everyone":
      return active;
    case "department":
      return active.filter((employee) => departmentKey(employee.department) === departmentKey(audience.department));
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
  /** A template's variables as each recipient gets them ("{{1}} Name: each person's name · {{2}} Due date: Friday"); null for free text. */
  variables: string | null;
  /** Who exactly will receive it: what Send must still find, or it refuses (see `sendPreviewedCampaign`). */
  fingerprint: string;
}

/** A refusal that is about one of the form's fields: the form marks it and moves the cursor there. */
export type CampaignRefusal = { error: string; field?: "body" };

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

/** The text one person gets: `{name}` becomes their name. */
function filledBody(body: string, employee: Pick<Employee, "name">): string {
  return body.replace(/\{name\}/g, employee.name);
}

/**
 * Why this text is too long for Twilio once `{name}` is filled in for these people, or null. The
 * typed text is checked at the boundary; a long name can still push it past 1,600 characters, which
 * Twilio refuses (21617) only when the send is made, one failed message per person.
 */
export function filledLengthRefusal(input: Pick<Campaign, "body" | "contentSid">, people: Employee[]): CampaignRefusal | null {
  if (input.contentSid) return null;
  let over = 0;
  let longest: { name: string; length: number } | null = null;
  for (const employee of people) {
    const length = filledBody(input.body, employee).length;
    if (length <= MAX_BODY_LENGTH) continue;
    over++;
    if (!longest || length > longest.length) longest = { name: employee.name, length };
  }
  if (!longest) return null;
  const whose = over === 1 ? `1 recipient's message` : `${number(over)} recipients' messages`;
  return {
    field: "body",
    error:
      `With {name} filled in, ${whose} would be over WhatsApp's ${number(MAX_BODY_LENGTH)} characters. ` +
      `With the longest name (${longest.name}) the message is ${number(longest.length)} characters: ${number(longest.length - MAX_BODY_LENGTH)} over WhatsApp's ${number(MAX_BODY_LENGTH)}. Shorten the message.`,
  };
}

export type PreviewResult = { ok: true; preview: AudiencePreview } | ({ ok: false } & CampaignRefusal);

/**
 * Who this campaign would reach, counted as the send queue would decide it for this content now;
 * refused on the message field when `{name}` would take anyone's message past Twilio's limit.
 */
export function previewAudience(db: Db, input: Pick<CampaignInput, "audience" | "body" | "contentSid" | "template">, now = new Date()): PreviewResult {
  const members = audienceMembers(db, input.audience, now);
  const contacts = contactsByPhone(db, members.map((employee) => employee.phone));
  const messaged: Employee[] = [];
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
    messaged.push(employee);
    const refusal = refusalReason(contact, contentOf(input, employee), now);
    if (refusal) {
      refused++;
      firstRefusal ??= refusal;
    } else receiving.push(employee);
  }
  // Everyone a message is made for, refused now or not: Remind again may reach them later with the same text.
  const tooLong = filledLengthRefusal(input, messaged);
  if (tooLong) return { ok: false, ...tooLong };
  const kind = input.contentSid ? "template" : "text";
  return { ok: true, preview: { total: members.length, optedOut, refused, refusal: firstRefusal, willReceive: receiving.length, variables: input.contentSid ? templateVariablesLine(input.template) : null, fingerprint: fingerprintOf(receiving, kind) } };
}

function contentOf(input: Pick<Campaign, "body" | "contentSid"> & { template?: CampaignTemplate | null }, employee: Employee): OutboundContent {
  return input.contentSid ? { kind: "template", contentSid: input.contentSid, variables: templateVariablesFor(input.template, employee) } : { kind: "text", body: filledBody(input.body, employee) };
}

/**
 * Creates the campaign and queues one message per recipient in one transaction: the send queue
 * then delivers them at its rate. Opted-out people are skipped and counted, never messaged.
 */
export function createCampaign(db: Db, actor: Actor & { id: number | null }, input: CampaignInput, from: string, now = new Date()): Campaign {
  return inTransaction(db, () => {
    const members = audienceMembers(db, input.audience, now);
    const contacts = contactsByPhone(db, members.map((employee) => employee.phone));
    const campaign = insertCampaign(db, { name: input.name, body: input.body, contentSid: input.contentSid, template: input.contentSid ? (input.template ?? null) : null, audience: input.audience, createdByUserId: actor.id }, now);
    let skipped = 0;
    for (const employee of members) {
      if (contacts.get(employee.phone)?.optedOut) {
        skipped++;
        insertRecipient(db, { campaignId: campaign.id, employeeId: employee.id, messageId: null, skipped: "opted out" }, now);
        continue;
      }
      const queued = enqueueMessage(db, { phone: employee.phone, from, content: contentOf(input, employee), sentByUserId: actor.id }, now);
      const recipient = insertRecipient(db, { campaignId: campaign.id, employeeId: employee.id, messageId: queued.message.id, skipped: null }, now);
      insertCampaignSend(db, { campaignId: campaign.id, recipientId: recipient.id, messageId: queued.message.id, sentAt: now });
    }
    setSkippedCount(db, campaign.id, skipped);
    recordAudit(db, actor, "reminders.campaign_create", { target: input.name, after: { audience: input.audience, template: input.contentSid ? (input.template?.name ?? input.contentSid) : undefined, recipients: members.length, skippedOptedOut: skipped } }, now);
    return { ...campaign, skippedOptedOut: skipped };
  });
}

/** Refused either with the preview as it is now (to check and confirm), or about the message field (`field`). */
export type SendResult = { sent: true; campaign: Campaign } | { sent: false; reason: string; preview: AudiencePreview } | { sent: false; reason: string; field: "body" };

/**
 * Sends the campaign only to the people the user confirmed: `previewed` is the fingerprint of the
 * preview they saw. Employees added, deactivated or opted out since (an import, another tab, a STOP)
 * make it refuse with the new preview, nothing created or queued; so does a message `{name}` would
 * take past Twilio's limit for anyone (a name edited since, or text changed after the preview). The
 * check and the sends share one transaction, so nothing can change between them.
 */
export function sendPreviewedCampaign(db: Db, actor: Actor & { id: number | null }, input: CampaignInput, previewed: string | null, from: string, now = new Date()): SendResult {
  return inTransaction(db, (): SendResult => {
    const previewing = previewAudience(db, input, now);
    if (!previewing.ok) return { sent: false, reason: previewing.error, field: "body" };
    const { preview } = previewing;
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
  if (!previewed) return `Preview the recipients before sending: ${count > 0 ? `${number(count)} will receive it` : "nobody will receive it"}. Check the preview${again}.`;
  const was = Number(previewed.slice(0, previewed.indexOf(".")));
  const change = count === 0 ? `nobody will receive it now (was ${number(was)})` : count === was ? `${number(count)} will still receive it, but not the same people` : `${number(count)} will now receive it (was ${number(was)})`;
  return `The audience changed since your preview: ${change}. Check the new preview${again}.`;
}

/** A waiting recipient Remind again would not send to now, with the reason the send queue would refuse it. */
export interface HeldBack {
  recipient: RecipientRow;
  reason: string;
}

/**
 * Who "Remind again" goes to: those who have not acknowledged, were not skipped and are still
 * active, less those the send queue would refuse now (`refusalReason`, the rule `enqueueMessage`
 * applies: blocked, opted out, free text outside their 24-hour window), whatever happened to their
 * last message. Asking them again would only store another refused message; once the reason no
 * longer holds (they wrote in, sent START, were unblocked) they are included again. One query for
 * all their contacts.
 */
export function remindAgainAudience(db: Db, campaign: Pick<Campaign, "contentSid">, recipients: RecipientRow[], now = new Date()): { remindable: RecipientRow[]; heldBack: HeldBack[] } {
  const waiting = recipients.filter((recipient) => !recipient.acknowledgedAt && !recipient.skipped && recipient.employee.active);
  const contacts = contactsByPhone(db, waiting.map((recipient) => recipient.employee.phone));
  const kind = campaign.contentSid ? "template" : "text";
  const remindable: RecipientRow[] = [];
  const heldBack: HeldBack[] = [];
  for (const recipient of waiting) {
    const reason = refusalReason(contacts.get(recipient.employee.phone), { kind }, now);
    if (reason) heldBack.push({ recipient, reason });
    else remindable.push(recipient);
  }
  return { remindable, heldBack };
}

/** Those `remindAgainAudience` would send to: what the Remind again button counts. */
export function remindAgainRecipients(db: Db, campaign: Pick<Campaign, "contentSid">, recipients: RecipientRow[], now = new Date()): RecipientRow[] {
  return remindAgainAudience(db, campaign, recipients, now).remindable;
}

/** "Nobody can be reminded now: 2 are outside the 24-hour window; use a template campaign." */
export function nobodyRemindable(heldBack: HeldBack[]): string {
  const counts = new Map<string, number>();
  for (const { reason } of heldBack) counts.set(refusalLabel(reason), (counts.get(refusalLabel(reason)) ?? 0) + 1);
  const parts = [...counts].sort(([, a], [, b]) => b - a).map(([label, count]) => (label === "opted out" ? `${number(count)} opted out` : `${number(count)} ${count === 1 ? "is" : "are"} ${label}`));
  const template = counts.has(refusalLabel(REFUSALS.outsideWindow)) ? "; use a template campaign" : "";
  return `Nobody can be reminded now: ${parts.join(", ")}${template}.`;
}

/** Within this long of the last round (the campaign's own send, or a Remind again), another one is sent only once the user confirms it. */
export const REMIND_CONFIRM_WITHIN_MS = 60 * 60 * 1000;

/** When the campaign's last round went out and who sent it (null: a user no longer known, or the system). */
export interface LastRound {
  at: Date;
  byUserId: number | null;
  /** "Sent" for the campaign itself, "Reminded" for a Remind again. */
  kind: "sent" | "reminded";
}

export function lastRoundOf(campaign: Pick<Campaign, "createdAt" | "createdByUserId" | "lastRemindedAt" | "lastRemindedByUserId">): LastRound {
  return campaign.lastRemindedAt
    ? { at: campaign.lastRemindedAt, byUserId: campaign.lastRemindedByUserId, kind: "reminded" }
    : { at: campaign.createdAt, byUserId: campaign.createdByUserId, kind: "sent" };
}

/**
 * Which round a "Remind again now?" was asked about, sent back with the confirmation: "sent" for the
 * campaign's own send, or the time (ms) of the Remind again round.
 */
export const roundMark = z.union([z.literal("sent"), z.number().int().nonnegative()]);
export type RoundMark = z.infer<typeof roundMark>;

export function roundMarkOf(round: LastRound): RoundMark {
  return round.kind === "sent" ? "sent" : round.at.getTime();
}

export type RemindAgainOutcome =
  | {
      ok: true;
      reminded: number;
      /** Sends refused (a name edited since takes the text past Twilio's limit), with the first reason. */
      refused: number;
      refusal: string | null;
    }
  | { ok: false; error: string }
  /**
   * The last round went out less than REMIND_CONFIRM_WITHIN_MS ago and the user has not confirmed
   * that round (`round`, to send back to confirm): nothing sent. `superseded`: they had confirmed an
   * earlier one, and this round went out since.
   */
  | { ok: false; recent: LastRound & { by: string | null; round: RoundMark; superseded: boolean } };

/**
 * Sends the campaign again to those `remindAgainAudience` names; when it names nobody (everyone
 * waiting would be refused), nothing is queued and the answer says why. A round within the hour of
 * the last one goes ahead only once the user confirmed that very round (`confirmedRound`, from the
 * question): the check and the sends share one transaction, so two people confirming the same
 * question, or a question left open while someone else sent a round, send one round, not two. A
 * send still refused (a name too long) is counted apart and leaves the recipient's earlier message
 * in place. Only a round that queued something counts as the last one.
 */
export function remindAgain(db: Db, actor: Actor, input: { campaignId: number; confirmedRound: RoundMark | null; from: string }, now = new Date()): RemindAgainOutcome {
  return inTransaction(db, (): RemindAgainOutcome => {
    const campaign = findCampaign(db, input.campaignId);
    if (!campaign) return { ok: false, error: "That campaign no longer exists." };
    const { remindable, heldBack } = remindAgainAudience(db, campaign, recipientsOf(db, campaign.id), now);
    if (remindable.length === 0 && heldBack.length > 0) return { ok: false, error: nobodyRemindable(heldBack) };
    const last = lastRoundOf(campaign);
    const round = roundMarkOf(last);
    if (input.confirmedRound !== round && now.getTime() - last.at.getTime() < REMIND_CONFIRM_WITHIN_MS) {
      const by = last.byUserId === null ? undefined : findUserById(db, last.byUserId);
      return { ok: false, recent: { ...last, by: by ? userName(by) : null, round, superseded: input.confirmedRound !== null } };
    }
    const result = { ok: true as const, reminded: 0, refused: 0, refusal: null as string | null };
    for (const recipient of remindable) {
      // A name edited since the campaign went out can take the text past Twilio's limit.
      const length = campaign.contentSid ? 0 : filledBody(campaign.body, recipient.employee).length;
      const sent =
        length > MAX_BODY_LENGTH
          ? { queued: false as const, reason: `With ${recipient.employee.name}'s name the message is ${number(length)} characters: ${number(length - MAX_BODY_LENGTH)} over WhatsApp's ${number(MAX_BODY_LENGTH)}.` }
          : enqueueMessage(db, { phone: recipient.employee.phone, from: input.from, content: contentOf(campaign, recipient.employee), sentByUserId: actor.id }, now);
      if (sent.queued) {
        replaceRecipientMessage(db, recipient.id, sent.message.id);
        insertCampaignSend(db, { campaignId: campaign.id, recipientId: recipient.id, messageId: sent.message.id, sentAt: now });
        result.reminded++;
      } else {
        result.refused++;
        result.refusal ??= sent.reason;
      }
    }
    if (result.reminded > 0) markCampaignReminded(db, campaign.id, actor.id, now);
    recordAudit(db, actor, "reminders.remind_again", { target: campaign.name, after: { recipients: result.reminded, refused: result.refused, confirmed: input.confirmedRound !== null } }, now);
    return result;
  });
}
