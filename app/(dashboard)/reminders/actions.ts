"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { relativeTime } from "@/components/time-ago";
import { authorizeAction } from "@/lib/auth/current";
import { appDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { logFormRefusal } from "@/lib/forms/refusal-log";
import { senderAddress } from "@/lib/twilio/credentials";
import { getSettings } from "@/lib/settings";
import { campaignInput, chosenTemplate, previewAudience, previewFingerprint, remindAgain, roundMark, sendPreviewedCampaign, type AudiencePreview, type CampaignTemplate, type RoundMark } from "@/lib/workflows/campaigns";

/**
 * `field`: the input a refusal is about (the form marks and focuses it). `confirm`: the question to
 * ask before doing it anyway (Remind again within the hour of the last round), about `round`: the
 * round it names, sent back with the confirmation.
 */
export type CampaignState = { ok?: boolean; error?: string; field?: string; message?: string; confirm?: string; round?: RoundMark; preview?: AudiencePreview };

const campaignForm = z.object({ campaign: campaignInput, previewed: previewFingerprint });

/** The form's inputs a refusal can point at, by their names. */
const FIELDS = new Set(["name", "body", "contentSid", "audience", "department", "days"]);

function readForm(form: FormData, template: { contentSid: string | null; template: CampaignTemplate | null }) {
  const kind = String(form.get("audience") ?? "everyone");
  return campaignForm.safeParse({
    campaign: {
      name: form.get("name") ?? "",
      body: form.get("body") ?? "",
      contentSid: template.contentSid ?? "",
      template: template.template,
      audience: kind === "department" ? { kind, department: form.get("department") ?? "" } : kind === "expiring" ? { kind, days: form.get("days") ?? "" } : { kind },
    },
    previewed: form.get("previewed") ?? "",
  });
}

/**
 * "Preview" counts the audience; "Send" creates the campaign and queues every message, unless the
 * audience is no longer the one previewed: then it answers with the new preview to confirm.
 */
export async function campaignAction(_previous: CampaignState, form: FormData): Promise<CampaignState> {
  const auth = await authorizeAction();
  if ("refusal" in auth) return auth.refusal;
  const db = appDb();
  const chosen = chosenTemplate(getSettings(db).templates, (field) => String(form.get(field) ?? ""));
  if ("error" in chosen) {
    return logFormRefusal(db, "form.reminders.campaign", chosen);
  }
  const parsed = readForm(form, chosen);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const error = issue?.message ?? "Check the form";
    // The schema nests the inputs (campaign.audience.days): the innermost key is the input's name.
    const field = issue?.path.findLast((key): key is string => typeof key === "string" && FIELDS.has(key));
    return logFormRefusal(db, "form.reminders.campaign", { error, field });
  }
  const { campaign: input, previewed } = parsed.data;
  if (form.get("intent") !== "send") {
    const previewing = previewAudience(db, input);
    return previewing.ok ? { ok: true, preview: previewing.preview } : { ok: false, error: previewing.error, field: previewing.field };
  }
  const from = senderAddress(getEnv());
  if (!from) return { ok: false, error: "TWILIO_WHATSAPP_FROM is not set." };
  const result = sendPreviewedCampaign(db, auth.actor, input, previewed, from);
  if (!result.sent) return "field" in result ? { ok: false, error: result.reason, field: result.field } : { ok: false, error: result.reason, preview: result.preview };
  revalidatePath("/reminders");
  redirect(`/reminders/${result.campaign.id}`);
}

const remindArgs = z.tuple([z.number().int().positive(), roundMark.nullable()]);

/**
 * Sends the campaign again to those who have not acknowledged. `confirmedRound`: the round the user
 * was asked about and confirmed another one after (the question's `round`); a round within the hour
 * of the last one goes ahead only when that is still the last round, else it answers with the
 * question again, naming the newer round.
 */
export async function remindAgainAction(campaignId: number, confirmedRound: RoundMark | null = null): Promise<CampaignState> {
  const auth = await authorizeAction();
  if ("refusal" in auth) return auth.refusal;
  const args = remindArgs.safeParse([campaignId, confirmedRound]);
  if (!args.success) return { ok: false, error: "That campaign no longer exists." };
  const from = senderAddress(getEnv());
  if (!from) return { ok: false, error: "TWILIO_WHATSAPP_FROM is not set." };
  const outcome = remindAgain(appDb(), auth.actor, { campaignId: args.data[0], confirmedRound: args.data[1], from });
  revalidatePath(`/reminders/${campaignId}`);
  if (!outcome.ok) {
    if ("error" in outcome) return { ok: false, error: outcome.error };
    const { recent } = outcome;
    const by = recent.by ? ` by ${recent.by}` : "";
    const round =
      recent.kind === "sent" ? "The campaign went out" : recent.superseded ? "Another reminder went out since you were asked: the last one went out" : "The last reminder went out";
    return { ok: false, confirm: `${round} ${relativeTime(recent.at)}${by}. Remind everyone who has not acknowledged again now?`, round: recent.round };
  }
  const { reminded, refused, refusal } = outcome;
  const people = (count: number) => `${count.toLocaleString("en")} ${count === 1 ? "person" : "people"}`;
  if (refused > 0) return { ok: false, error: `${reminded ? `Reminded ${people(reminded)} again; ` : ""}${people(refused)} could not be sent to: ${refusal}` };
  return { ok: true, message: reminded ? `Reminded ${people(reminded)} again.` : "Nobody is left to remind." };
}
