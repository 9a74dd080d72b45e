"use server";

import { authorizeAction, currentSessionId } from "@/lib/auth/current";
import { changeOwnPassword, UserError } from "@/lib/auth/users";
import { appDb } from "@/lib/db";
import { passwordChange, passwordChangeRefused } from "@/lib/auth/password-change";
import { refusalOf, refusedState } from "@/lib/forms/refusal";

export type FormState = { ok?: boolean; error?: string; field?: string; message?: string };

export async function changeOwnPasswordAction(_previous: FormState, form: FormData): Promise<FormState> {
  const auth = await authorizeAction();
  if ("refusal" in auth) return auth.refusal;
  const parsed = passwordChange.safeParse({ currentPassword: form.get("currentPassword"), password: form.get("password"), confirmPassword: form.get("confirmPassword") });
  if (!parsed.success) return passwordChangeRefused(appDb(), refusalOf(parsed.error), auth.user.id);
  try {
    await changeOwnPassword(appDb(), auth.actor, auth.user.id, { currentPassword: parsed.data.currentPassword, newPassword: parsed.data.password }, { keepSessionId: await currentSessionId() });
  } catch (error) {
    if (error instanceof UserError) return refusedState({ error: error.message, field: error.field });
    throw error;
  }
  return { ok: true, message: "Your password is changed. You stay signed in here; your other sessions were signed out." };
}
