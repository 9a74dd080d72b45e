"use server";

import { z } from "zod";
import { authorizeAction, currentSessionId } from "@/lib/auth/current";
import { PASSWORD_MAX_LENGTH } from "@/lib/auth/password-policy";
import { changeOwnPassword, passwordSchema, UserError } from "@/lib/auth/users";
import { appDb } from "@/lib/db";
import { logError } from "@/lib/errors";
import { refusalOf, refusedState } from "@/lib/forms/refusal";

export type FormState = { ok?: boolean; error?: string; field?: string; message?: string };

const passwordChange = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password").max(PASSWORD_MAX_LENGTH, "That is not your current password"),
    password: passwordSchema,
    confirmPassword: z.string(),
  })
  .superRefine((input, ctx) => {
    if (input.confirmPassword !== input.password) ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The two new passwords are not the same" });
  });

export async function changeOwnPasswordAction(_previous: FormState, form: FormData): Promise<FormState> {
  const auth = await authorizeAction();
  if ("refusal" in auth) return auth.refusal;
  const parsed = passwordChange.safeParse({ currentPassword: form.get("currentPassword"), password: form.get("password"), confirmPassword: form.get("confirmPassword") });
  if (!parsed.success) {
    const state = refusedState(refusalOf(parsed.error));
    // Which rule it broke, never what was typed.
    logError(appDb(), "account", "invalid input", { detail: `changePassword: ${state.error}`, payload: { user: auth.user.email } });
    return state;
  }
  try {
    await changeOwnPassword(appDb(), auth.actor, auth.user.id, { currentPassword: parsed.data.currentPassword, newPassword: parsed.data.password }, { keepSessionId: await currentSessionId() });
  } catch (error) {
    if (error instanceof UserError) return refusedState({ error: error.message, field: error.field });
    throw error;
  }
  return { ok: true, message: "Your password is changed. You stay signed in here; your other sessions were signed out." };
}
