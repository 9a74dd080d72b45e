"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { jsonText } from "@/lib/forms/json-text";
import type { Actor } from "@/lib/audit";
import { authorizeAction, type ActionResult } from "@/lib/auth/current";
import { REPLY_KEYS, REPLY_LABELS, repliesInput, repliesRefusal, type ReplyKey } from "@/lib/commands/replies";
import { createRule, editRule, removeRule, RuleError, ruleInput } from "@/lib/commands/rules";
import { InvalidNumberError, requestBlock, setNumberBlocked } from "@/lib/contacts/block";
import { erasureSummary, holdInput, liftHold, placeHold, PrivacyError, releaseInput, requestErasure } from "@/lib/retention/privacy";
import { purge, purgePreview, type PurgeCounts, type RetentionSettings } from "@/lib/retention/purge";
import { appDb } from "@/lib/db";
import { logFormRefusal, type FormSource } from "@/lib/forms/refusal-log";
import { refusalOf, refusedState, type FieldRefusal } from "@/lib/forms/refusal";
import { leadDaysText, limitsInput, retentionPeriod } from "@/lib/settings/forms";
import { getSettings, newWebhookToken, parseIpAllowList, rotateWebhookToken, updateSettings, updateSettingsIfUnchanged, type LoadedSettings, type SettingKey, type Settings } from "@/lib/settings";
import { templateConflict, templateInput } from "@/lib/templates";

const flag = z.boolean();

function invalid(source: FormSource, value: unknown): ActionResult {
  return { ...logFormRefusal(appDb(), source, "That value is not valid.", { value }), status: 400 };
}

export async function setIncomingEnabled(enabled: boolean): Promise<ActionResult> {
  const auth = await authorizeAction("admin");
  if ("refusal" in auth) return auth.refusal;
  const parsed = flag.safeParse(enabled);
  if (!parsed.success) return invalid("form.settings.incoming", enabled);
  updateSettings(appDb(), auth.actor, { incomingEnabled: parsed.data }, parsed.data ? "settings.incoming_enabled" : "settings.incoming_disabled");
  revalidatePath("/settings");
  return { ok: true };
}

export async function setWebhookTokenEnabled(enabled: boolean): Promise<ActionResult> {
  const auth = await authorizeAction("admin");
  if ("refusal" in auth) return auth.refusal;
  const parsed = flag.safeParse(enabled);
  if (!parsed.success) return invalid("form.settings.webhook-security", enabled);
  const db = appDb();
  const needsToken = parsed.data && !getSettings(db).webhookToken;
  updateSettings(
    db,
    auth.actor,
    { webhookTokenEnabled: parsed.data, ...(needsToken ? { webhookToken: newWebhookToken() } : {}) },
    parsed.data ? "settings.webhook_token_enabled" : "settings.webhook_token_disabled",
  );
  revalidatePath("/settings");
  return { ok: true };
}

export async function regenerateWebhookToken(): Promise<ActionResult> {
  const auth = await authorizeAction("admin");
  if ("refusal" in auth) return auth.refusal;
  rotateWebhookToken(appDb(), auth.actor);
  revalidatePath("/settings");
  return { ok: true, message: "New token generated. Update both URLs in the Twilio console now." };
}

export type FormState = { ok?: boolean; error?: string; field?: string; message?: string };

/** Admin-only form actions: authorise first, then `work` parses, changes (audited) and says what happened. */
async function asAdmin<State extends FormState = FormState>(source: FormSource, work: (actor: Actor) => string | State): Promise<State | FormState> {
  const auth = await authorizeAction("admin");
  if ("refusal" in auth) return auth.refusal;
  try {
    const result = work(auth.actor);
    revalidatePath("/settings");
    return typeof result === "string" ? { ok: true, message: result } : result;
  } catch (error) {
    if (error instanceof RuleError || error instanceof InvalidNumberError || error instanceof PrivacyError) {
      return logFormRefusal(appDb(), source, { error: error.message, field: "field" in error ? error.field : undefined });
    }
    throw error;
  }
}

function refused(source: FormSource, refusal: string | FieldRefusal, payload: Record<string, unknown>): FormState {
  return logFormRefusal(appDb(), source, refusal, payload);
}

function rejected(source: FormSource, error: z.ZodError, payload: Record<string, unknown>): FormState {
  return refused(source, refusalOf(error), payload);
}

/** What each settings form's fields are called on the page, for naming them when someone else changed them. */
const SETTING_LABELS: Partial<Record<SettingKey, string>> = {
  dailyLimit: "Daily limit per number",
  cooldownSeconds: "Cooldown between auto-replies",
  sendRatePerSecond: "Outbound messages per second",
  ipAllowList: "Allowed addresses",
  expiryLeadDays: "Expiry reminders",
  expiryTemplateSid: "Reminder template Content SID",
  approvalTemplateSid: "Approval request template Content SID",
  retentionDays: "Keep messages",
  retentionFloorDays: "Regulated minimum",
  errorLogDays: "Keep error log",
  statusEventDays: "Keep status events",
  replies: "Auto-replies",
};

function settingLabel(path: string): string {
  const [key, sub] = path.split(".", 2);
  if (key === "replies" && sub && sub in REPLY_LABELS) return REPLY_LABELS[sub as ReplyKey];
  return SETTING_LABELS[key as SettingKey] ?? path;
}

/** The hidden `loaded` input: the values of `keys` the form was opened with, as JSON. */
const loadedInput = jsonText("not JSON").pipe(z.record(z.string(), z.unknown()));

/**
 * Saves `patch` only when the settings the form was opened with (`keys`, sent back in its hidden
 * `loaded` input) are still stored as they were: a form left open in another tab or browser never
 * writes back over another admin's save. Refused with the changed fields named; nothing is written.
 */
function saveIfUnchanged(source: FormSource, actor: Actor, form: FormData, keys: SettingKey[], patch: Partial<Settings>, action: string, done: string): string | FormState {
  const parsed = loadedInput.safeParse(form.get("loaded"));
  if (!parsed.success || keys.some((key) => !(key in parsed.data))) {
    return refused(source, "Reload the page before saving: the form did not say which values it was opened with.", { keys });
  }
  const loaded: LoadedSettings = Object.fromEntries(keys.map((key) => [key, parsed.data[key]]));
  const result = updateSettingsIfUnchanged(appDb(), actor, loaded, patch, action);
  if (result.ok) return done;
  // Another admin's save is not bad input: refused without an error-log entry.
  return refusedState(`Someone else changed ${result.changed.map((path) => `“${settingLabel(path)}”`).join(", ")} since you opened this page. Reload to see their changes.`);
}

export async function saveReplies(_previous: FormState, form: FormData): Promise<FormState> {
  return asAdmin("form.settings.auto-replies", (actor) => {
    const parsed = repliesInput.safeParse(Object.fromEntries(REPLY_KEYS.map((key) => [key, form.get(key)])));
    if (!parsed.success) return refused("form.settings.auto-replies", repliesRefusal(parsed.error), { keys: REPLY_KEYS });
    return saveIfUnchanged("form.settings.auto-replies", actor, form, ["replies"], { replies: parsed.data }, "settings.replies_update", "Auto-replies saved.");
  });
}

export async function saveLimits(_previous: FormState, form: FormData): Promise<FormState> {
  return asAdmin("form.settings.limits", (actor) => {
    const parsed = limitsInput.safeParse({ dailyLimit: form.get("dailyLimit"), cooldownSeconds: form.get("cooldownSeconds"), sendRatePerSecond: form.get("sendRatePerSecond") });
    if (!parsed.success) return rejected("form.settings.limits", parsed.error, { dailyLimit: form.get("dailyLimit"), cooldownSeconds: form.get("cooldownSeconds") });
    return saveIfUnchanged("form.settings.limits", actor, form, ["dailyLimit", "cooldownSeconds", "sendRatePerSecond"], parsed.data, "settings.limits_update", "Limits saved.");
  });
}

export async function saveIpAllowList(_previous: FormState, form: FormData): Promise<FormState> {
  return asAdmin("form.settings.allowed-addresses", (actor) => {
    const entries = parseIpAllowList(String(form.get("ipAllowList") ?? ""));
    if (!Array.isArray(entries)) return refused("form.settings.allowed-addresses", entries, { ipAllowList: form.get("ipAllowList") });
    const done = entries.length === 0
      ? "Allow-list cleared: any address may call (signatures are still required)."
      : `Allow-list saved (${entries.length} range${entries.length === 1 ? "" : "s"}).`;
    return saveIfUnchanged("form.settings.allowed-addresses", actor, form, ["ipAllowList"], { ipAllowList: entries }, "settings.ip_allow_list_update", done);
  });
}

/** `confirm`: the question to ask before blocking `phone`; posted back as `confirmed`, it blocks. */
export type BlockState = FormState & { confirm?: string; phone?: string };

export async function blockNumber(_previous: BlockState, form: FormData): Promise<BlockState> {
  return asAdmin("form.settings.block-list", (actor): string | BlockState => {
    const confirmed = form.get("confirmed");
    const outcome = requestBlock(appDb(), actor, String(form.get("phone") ?? ""), typeof confirmed === "string" ? confirmed : null);
    return outcome.asked ? { ok: true, confirm: outcome.question, phone: outcome.phone } : outcome.message;
  });
}

export async function unblockNumber(phone: string): Promise<FormState> {
  return asAdmin("form.settings.block-list", (actor) => {
    const outcome = setNumberBlocked(appDb(), actor, String(phone), false);
    return outcome.changed ? `Unblocked ${outcome.phone}.` : "Already unblocked.";
  });
}

// Only a tampered form or a stale page sends a bad id: it reads as a rule that is gone.
const RULE_GONE = "That rule no longer exists";
const ruleId = z.number({ error: RULE_GONE }).int(RULE_GONE).positive(RULE_GONE);
const ruleIdText = z.coerce.number({ error: RULE_GONE }).int(RULE_GONE).positive(RULE_GONE);

function ruleFromForm(form: FormData) {
  return ruleInput.safeParse({
    keyword: form.get("keyword") ?? "",
    match: form.get("match"),
    reply: form.get("reply") ?? "",
    priority: form.get("priority") || 0,
    enabled: form.get("enabled") === "on",
  });
}

export async function addRule(_previous: FormState, form: FormData): Promise<FormState> {
  return asAdmin("form.settings.rule-add", (actor) => {
    const parsed = ruleFromForm(form);
    if (!parsed.success) return rejected("form.settings.rule-add", parsed.error, { keyword: form.get("keyword") });
    return `Rule “${createRule(appDb(), actor, parsed.data).keyword}” added.`;
  });
}

export async function updateRuleAction(_previous: FormState, form: FormData): Promise<FormState> {
  return asAdmin("form.settings.rule-edit", (actor) => {
    const id = ruleIdText.safeParse(form.get("id"));
    if (!id.success) return rejected("form.settings.rule-edit", id.error, { id: form.get("id") });
    const parsed = ruleFromForm(form);
    if (!parsed.success) return rejected("form.settings.rule-edit", parsed.error, { keyword: form.get("keyword") });
    editRule(appDb(), actor, id.data, parsed.data);
    // Named: two saves in a row must read differently, or the section's status line does not announce the second.
    return `Rule “${parsed.data.keyword}” saved.`;
  });
}

export async function deleteRuleAction(id: number): Promise<FormState> {
  return asAdmin("form.settings.rule-delete", (actor) => {
    const parsed = ruleId.safeParse(id);
    if (!parsed.success) return rejected("form.settings.rule-delete", parsed.error, { id });
    removeRule(appDb(), actor, parsed.data);
    return "Rule deleted.";
  });
}

export async function addTemplateAction(_previous: FormState, form: FormData): Promise<FormState> {
  return asAdmin("form.settings.template-add", (actor) => {
    const parsed = templateInput.safeParse({ name: form.get("name") ?? "", contentSid: form.get("contentSid") ?? "", variables: form.get("variables") ?? "" });
    if (!parsed.success) return rejected("form.settings.template-add", parsed.error, { name: form.get("name"), contentSid: form.get("contentSid") });
    const { templates } = getSettings(appDb());
    const conflict = templateConflict(templates, parsed.data);
    if (conflict) return refused("form.settings.template-add", conflict, { name: parsed.data.name, contentSid: parsed.data.contentSid });
    updateSettings(appDb(), actor, { templates: [...templates, parsed.data] }, "settings.template_add");
    return `Template “${parsed.data.name}” added.`;
  });
}

export async function deleteTemplateAction(contentSid: string): Promise<FormState> {
  return asAdmin("form.settings.template-delete", (actor) => {
    const { templates } = getSettings(appDb());
    const gone = templates.find((template) => template.contentSid === String(contentSid));
    if (!gone) return refused("form.settings.template-delete", "That template is no longer listed.", { contentSid });
    updateSettings(appDb(), actor, { templates: templates.filter((template) => template !== gone) }, "settings.template_delete");
    return `Template “${gone.name}” deleted.`;
  });
}

const templateSid = z
  .string()
  .trim()
  .refine((value) => value === "" || /^HX[0-9a-fA-F]{32}$/.test(value), "A template's Content SID looks like HX followed by 32 hex characters");

const remindersForm = z.object({
  expiryLeadDays: leadDaysText,
  expiryTemplateSid: templateSid,
  approvalTemplateSid: templateSid,
});

export async function saveReminderSettings(_previous: FormState, form: FormData): Promise<FormState> {
  return asAdmin("form.settings.reminders", (actor) => {
    const parsed = remindersForm.safeParse({
      expiryLeadDays: String(form.get("expiryLeadDays") ?? ""),
      expiryTemplateSid: String(form.get("expiryTemplateSid") ?? ""),
      approvalTemplateSid: String(form.get("approvalTemplateSid") ?? ""),
    });
    if (!parsed.success) return rejected("form.settings.reminders", parsed.error, { expiryLeadDays: form.get("expiryLeadDays") });
    const patch = { expiryLeadDays: parsed.data.expiryLeadDays, expiryTemplateSid: parsed.data.expiryTemplateSid, approvalTemplateSid: parsed.data.approvalTemplateSid };
    return saveIfUnchanged("form.settings.reminders", actor, form, ["expiryLeadDays", "expiryTemplateSid", "approvalTemplateSid"], patch, "settings.reminders_update", "Reminder settings saved.");
  });
}

const retentionValues = z.object({
  retentionDays: retentionPeriod,
  retentionFloorDays: retentionPeriod,
  errorLogDays: retentionPeriod,
  statusEventDays: retentionPeriod,
});
const RETENTION_KEYS = Object.keys(retentionValues.shape) as (keyof RetentionSettings)[];
const retentionFromForm = (form: FormData) => Object.fromEntries(RETENTION_KEYS.map((key) => [key, form.get(key)]));

const retentionForm = retentionValues
  .refine((value) => value.retentionDays >= value.retentionFloorDays, { message: "Message retention cannot be shorter than the regulated minimum", path: ["retentionDays"] });

export async function saveRetention(_previous: FormState, form: FormData): Promise<FormState> {
  return asAdmin("form.settings.retention", (actor) => {
    const parsed = retentionForm.safeParse(retentionFromForm(form));
    if (!parsed.success) return rejected("form.settings.retention", parsed.error, retentionFromForm(form));
    return saveIfUnchanged("form.settings.retention", actor, form, RETENTION_KEYS, parsed.data, "settings.retention_update", "Retention saved.");
  });
}

/** `checked` is the retention a preview was counted with; the form posts it back with "Purge now". */
export type PurgeState = FormState & { preview?: PurgeCounts; checked?: RetentionSettings; done?: PurgeCounts };

export async function purgeAction(_previous: PurgeState, form: FormData): Promise<PurgeState> {
  const auth = await authorizeAction("admin");
  if ("refusal" in auth) return auth.refusal;
  const db = appDb();
  const settings = getSettings(db);
  const current = Object.fromEntries(RETENTION_KEYS.map((key) => [key, settings[key]])) as RetentionSettings;
  if (form.get("intent") !== "purge") return { ok: true, preview: purgePreview(db, current), checked: current };
  // The admin agreed to the counts of one set of periods; shorter ones saved since (here or in
  // another tab) would delete more than they were shown.
  const checked = retentionValues.safeParse(retentionFromForm(form));
  if (!checked.success || RETENTION_KEYS.some((key) => checked.data[key] !== current[key])) {
    return logFormRefusal(db, "form.settings.purge", "The retention periods changed since you checked. Check what a purge would delete again before purging.", { checked: retentionFromForm(form), current });
  }
  const done = await purge(db, current, auth.actor);
  revalidatePath("/settings");
  return { ok: true, done, message: `Purged ${done.messages} messages, ${done.errorLog} error-log entries and ${done.statusEvents} status events.` };
}

export async function placeHoldAction(_previous: FormState, form: FormData): Promise<FormState> {
  return asAdmin("form.settings.hold-place", (actor) => {
    const parsed = holdInput.safeParse({ phone: form.get("phone") ?? "", fromDay: form.get("fromDay") ?? "", toDay: form.get("toDay") ?? "", reason: form.get("reason") ?? "" });
    if (!parsed.success) return rejected("form.settings.hold-place", parsed.error, { reason: form.get("reason") });
    const hold = placeHold(appDb(), actor, parsed.data);
    return `Hold ${hold.id} placed.`;
  });
}

export async function releaseHoldAction(_previous: FormState, form: FormData): Promise<FormState> {
  return asAdmin("form.settings.hold-release", (actor) => {
    const parsed = releaseInput.safeParse({ id: form.get("id"), reason: form.get("reason") ?? "" });
    if (!parsed.success) return rejected("form.settings.hold-release", parsed.error, { id: form.get("id") });
    const hold = liftHold(appDb(), actor, parsed.data);
    return `Hold ${hold.id} (${hold.reason}) released.`;
  });
}

export async function eraseAction(_previous: FormState, form: FormData): Promise<FormState> {
  return asAdmin("form.settings.erase", (actor) => {
    const outcome = requestErasure(appDb(), actor, { phone: String(form.get("phone") ?? ""), confirm: String(form.get("confirm") ?? "") });
    return "error" in outcome ? refusedState(outcome) : erasureSummary(outcome);
  });
}
