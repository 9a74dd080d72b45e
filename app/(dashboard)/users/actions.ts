"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { authorizeAction, type ActionResult } from "@/lib/auth/current";
import { createUser, newUserSchema, passwordSchema, roleSchema, resetPassword, setUserActive, setUserRole, UserError } from "@/lib/auth/users";
import { appDb } from "@/lib/db";
import { logFormRefusal, type FormSource } from "@/lib/forms/refusal-log";
import { accountPath } from "../account/notices";
import { refusalOf, refusedState, type FieldRefusal } from "@/lib/forms/refusal";

export type FormState = { ok?: boolean; error?: string; field?: string; message?: string };

const userId = z.coerce.number().int().positive();

function rejected(source: FormSource, reason: string | FieldRefusal, payload: Record<string, unknown>): FormState & ActionResult {
  return { ...logFormRefusal(appDb(), source, reason, payload), status: 400 };
}

async function run(work: () => Promise<string> | string): Promise<FormState> {
  try {
    const message = await work();
    revalidatePath("/users");
    return { ok: true, message };
  } catch (error) {
    if (error instanceof UserError) return refusedState({ error: error.message, field: error.field });
    throw error;
  }
}

export async function createUserAction(_previous: FormState, form: FormData): Promise<FormState> {
  const auth = await authorizeAction("admin");
  if ("refusal" in auth) return auth.refusal;
  const parsed = newUserSchema.safeParse({ email: form.get("email"), name: form.get("name") ?? "", role: form.get("role"), password: form.get("password") });
  if (!parsed.success) return rejected("form.users.add", refusalOf(parsed.error), { email: form.get("email"), role: form.get("role") });
  return run(async () => {
    const user = await createUser(appDb(), auth.actor, parsed.data);
    return `Added ${user.email} as ${user.role}.`;
  });
}

export async function resetPasswordAction(_previous: FormState, form: FormData): Promise<FormState> {
  const auth = await authorizeAction("admin");
  if ("refusal" in auth) return auth.refusal;
  const parsed = z.object({ userId, password: passwordSchema }).safeParse({ userId: form.get("userId"), password: form.get("password") });
  if (!parsed.success) return rejected("form.users.reset-password", refusalOf(parsed.error), { userId: form.get("userId") });
  return run(async () => {
    await resetPassword(appDb(), auth.actor, parsed.data.userId, parsed.data.password);
    return "Password reset; that user's sessions were signed out.";
  });
}

export async function setActiveAction(id: number, active: boolean): Promise<FormState> {
  const auth = await authorizeAction("admin");
  if ("refusal" in auth) return auth.refusal;
  const parsed = z.object({ id: userId, active: z.boolean() }).safeParse({ id, active });
  if (!parsed.success) return rejected("form.users.active", "Invalid user", { id, active });
  return run(() => {
    setUserActive(appDb(), auth.actor, parsed.data.id, parsed.data.active);
    return parsed.data.active ? "User reactivated." : "User deactivated and signed out.";
  });
}

export async function setRoleAction(id: number, role: string): Promise<FormState> {
  const auth = await authorizeAction("admin");
  if ("refusal" in auth) return auth.refusal;
  const parsed = z.object({ id: userId, role: roleSchema }).safeParse({ id, role });
  if (!parsed.success) return rejected("form.users.role", "Invalid role", { id, role });
  const result = await run(() => {
    setUserRole(appDb(), auth.actor, parsed.data.id, parsed.data.role);
    return `Role changed to ${parsed.data.role}.`;
  });
  // Users is admins only: staying on it would answer this success with a 403 page.
  if (result.ok && parsed.data.id === auth.user.id && parsed.data.role !== "admin") redirect(accountPath("demoted"));
  return result;
}
