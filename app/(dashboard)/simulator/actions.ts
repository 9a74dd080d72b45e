"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { findMessageBySid } from "@/db/queries/messages";
import { authorizeAction } from "@/lib/auth/current";
import { appDb } from "@/lib/db";
import { isSimulatorMode, sendAsPhone } from "@/lib/emulator/client";
import { whyNoReply } from "@/lib/emulator/no-reply";
import { simulatorPhotoProblem } from "@/lib/emulator/photo";
import { senderProfileName } from "@/lib/emulator/profile-name";
import { getEnv } from "@/lib/env";
import { logError } from "@/lib/errors";
import { logFormRefusal } from "@/lib/forms/refusal-log";
import { requestOrigin } from "@/lib/http/forwarded";
import { toE164 } from "@/lib/contacts/block";
import { getSettings } from "@/lib/settings";
import { webhookUrls } from "@/lib/webhooks/urls";

/** `noReply`: why the message got no auto-reply, when it got none. */
/** `field`: the input a refusal is about, marked and focused by the form. */
export type PhoneState = { ok?: boolean; error?: string; field?: string; reply?: string | null; noReply?: string; sentAt?: number; phone?: string; profileName?: string };

const optionalNumber = (limit: number, label: string) =>
  z
    .string()
    .trim()
    .transform((text) => (text === "" ? undefined : Number(text)))
    .pipe(z.number({ error: `${label} must be a number` }).min(-limit, `${label} is out of range`).max(limit, `${label} is out of range`).optional());

const phoneForm = z
  .object({
    phone: z.string().trim().min(1, "Enter the phone number to send from"),
    profileName: z.string().trim().max(100),
    // The number the name box was filled for, and whether the tester typed in it since.
    nameShownFor: z.string(),
    nameEdited: z.string().transform((flag) => flag === "1"),
    body: z.string().max(4096, "WhatsApp messages can have at most 4,096 characters"),
    mediaUrl: z
      .string()
      .trim()
      .transform((text) => text || undefined)
      .pipe(z.url({ protocol: /^https?$/, error: "The image URL must be an http(s) URL" }).optional()),
    latitude: optionalNumber(90, "Latitude"),
    longitude: optionalNumber(180, "Longitude"),
    photo: z.instanceof(File).optional(),
  })
  .refine((value) => !(value.photo && value.mediaUrl), { message: "Attach a photo or give an image URL, not both", path: ["mediaUrl"] })
  .refine((value) => (value.latitude === undefined) === (value.longitude === undefined), {
    message: "A location needs both latitude and longitude",
    path: ["latitude"],
  })
  .refine(
    (value) => value.body.trim() !== "" || value.mediaUrl || value.photo || (value.latitude !== undefined && value.longitude !== undefined),
    { message: "Type a message, or add a photo or a location", path: ["body"] },
  );

class FieldRefusal extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

export async function sendFromPhone(_previous: PhoneState, form: FormData): Promise<PhoneState> {
  const auth = await authorizeAction();
  if ("refusal" in auth) return { ok: false, error: auth.refusal.error };
  const env = getEnv();
  if (!isSimulatorMode(env)) return { ok: false, error: "The simulator is only available in simulator mode." };
  const db = appDb();
  const chosen = form.get("photo");
  const parsed = phoneForm.safeParse({
    ...Object.fromEntries(["phone", "profileName", "nameShownFor", "nameEdited", "body", "mediaUrl", "latitude", "longitude"].map((key) => [key, String(form.get(key) ?? "")])),
    // An empty file input still posts a nameless, empty file.
    photo: chosen instanceof File && chosen.size > 0 ? chosen : undefined,
  });
  let phone: string;
  try {
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new FieldRefusal(issue?.message ?? "Check the form", String(issue?.path[0] ?? "body"));
    }
    const photoProblem = parsed.data.photo ? simulatorPhotoProblem(parsed.data.photo) : null;
    if (photoProblem) throw new FieldRefusal(photoProblem, "photo");
    try {
      phone = toE164(parsed.data.phone);
    } catch (error) {
      throw new FieldRefusal(error instanceof Error ? error.message : "Not a phone number", "phone");
    }
  } catch (error) {
    if (!(error instanceof FieldRefusal)) throw error;
    return logFormRefusal(db, "form.simulator.phone", { error: error.message, field: error.field });
  }
  const { body, mediaUrl, latitude, longitude, photo } = parsed.data;
  const profileName = senderProfileName(db, { phone, typed: parsed.data.profileName, edited: parsed.data.nameEdited, shownFor: parsed.data.nameShownFor });
  // Kept by the emulator as Twilio keeps media: behind the account's credentials (the inbox fetches it).
  const media = photo ? { contentType: photo.type, base64: Buffer.from(await photo.arrayBuffer()).toString("base64") } : undefined;
  // Exactly what "Twilio" has configured: the public webhook URL from Settings, token included.
  const settings = getSettings(db);
  const url = webhookUrls(env.publicBaseUrl ?? requestOrigin(await headers()), settings).incoming;
  try {
    const result = await sendAsPhone(db, env, { url, from: phone, profileName: profileName || undefined, body, mediaUrl, media, latitude, longitude });
    revalidatePath("/simulator");
    if (result.httpStatus !== 200) return { ok: false, error: `The webhook answered ${result.httpStatus}: ${result.twiml.slice(0, 200)}` };
    const reply = result.replies[0]?.body ?? null;
    // Only the simulator reads the flag back: the webhook itself stays one transaction, no extra read.
    const noReply = reply === null ? whyNoReply(findMessageBySid(db, result.messageSid), settings) : undefined;
    return { ok: true, reply, noReply, sentAt: Date.now(), phone, profileName };
  } catch (error) {
    const message = error instanceof Error ? error.message : "The emulator did not answer";
    logError(db, "simulator", "send failed", { detail: message });
    return { ok: false, error: message };
  }
}
