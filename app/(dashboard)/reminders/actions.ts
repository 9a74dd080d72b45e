"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { authorizeAction } from "@/lib/auth/current";
import { appDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { logError } from "@/lib/errors";
import { senderAddress } from "@/lib/twilio/credentials";
import { campaignInput, previewAudience, previewFingerprint, remindAgain, sendPreviewedCampaign, type AudiencePreview } from "@/lib/workflows/campaigns";

export type CampaignState = { ok?: boolean; error?: string; message?: string; preview?: AudiencePreview };

const campaignForm = z.object({ campaign: campaignInput, previewed: previewFingerprint });

function readForm(form: FormData) {
  const kind = String(form.get("audience") ?? "everyone");
  return campaignForm.safeParse({
    campaign: {
      name: form.get("name") ?? "",
      body: form.get("body") ?? "",
      contentSid: form.get("contentSid") ?? "",
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
  const parsed = readForm(form);
  if (!parsed.success) {
    const error = parsed.error.issues[0]?.message ?? "Check the form";
    logError(db, "reminders", "invalid input", { detail: error });
    return { ok: false, error };
  }
  const { campaign: input, previewed } = parsed.data;
  if (form.get("intent") !== "send") return { ok: true, preview: previewAudience(db, input) };
  const from = senderAddress(getEnv());
  if (!from) return { ok: false, error: "TWILIO_WHATSAPP_FROM is not set." };
  const result = sendPreviewedCampaign(db, auth.actor, input, previewed, from);
  if (!result.sent) return { ok: false, error: result.reason, preview: result.preview };
  revalidatePath("/reminders");
  redirect(`/reminders/${result.campaign.id}`);
}

export async function remindAgainAction(campaignId: number): Promise<CampaignState> {
  const auth = await authorizeAction();
  if ("refusal" in auth) return auth.refusal;
  const from = senderAddress(getEnv());
  if (!from || !z.number().int().positive().safeParse(campaignId).success) return { ok: false, error: from ? "Unknown campaign." : "TWILIO_WHATSAPP_FROM is not set." };
  const { reminded, refused, refusal } = remindAgain(appDb(), auth.actor, campaignId, from);
  revalidatePath(`/reminders/${campaignId}`);
  const people = (count: number) => `${count} ${count === 1 ? "person" : "people"}`;
  if (refused > 0) return { ok: false, error: `${reminded ? `Reminded ${people(reminded)} again; ` : ""}${people(refused)} could not be sent to: ${refusal}` };
  return { ok: true, message: reminded ? `Reminded ${people(reminded)} again.` : "Everyone has acknowledged." };
}
