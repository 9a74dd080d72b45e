import { z } from "zod";
import type { Db } from "@/db/client";
import { logFormRefusal } from "@/lib/forms/refusal-log";
import type { FieldRefusal } from "@/lib/forms/refusal";
import { PASSWORD_MAX_LENGTH } from "./password-policy";
import { passwordSchema } from "./users";

/** The Account page's change-password form. */
export const passwordChange = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password").max(PASSWORD_MAX_LENGTH, "That is not your current password"),
    password: passwordSchema,
    confirmPassword: z.string(),
  })
  .superRefine((input, ctx) => {
    if (input.confirmPassword !== input.password) ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The two new passwords are not the same" });
  });

/**
 * Logs a refused password change: which rule it broke and whose form it was (by id: the error log
 * is readable by every signed-in user), never anything typed into it.
 */
export function passwordChangeRefused(db: Db, refusal: FieldRefusal, userId: number, now = new Date()) {
  return logFormRefusal(db, "form.account.password", refusal, { userId }, now);
}
