"use client";

import { FormFeedback } from "@/components/form-feedback";
import { INPUT_CLASS, PRIMARY_BUTTON_CLASS } from "@/components/ui";
import { useFormAction } from "@/components/use-form-action";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password-policy";
import { changeOwnPasswordAction, type FormState } from "./actions";

export function ChangePasswordForm({ email }: { email: string }) {
  const [state, form, pending, feedbackId] = useFormAction<FormState>(changeOwnPasswordAction, {});
  return (
    <form {...form} className="grid max-w-md gap-3">
      {/* Lets a password manager file the new password under the right account. */}
      <input type="text" name="username" value={email} autoComplete="username" readOnly hidden />
      <div>
        <label htmlFor="current-password" className="block text-sm font-medium">Current password</label>
        <input id="current-password" name="currentPassword" type="password" required autoComplete="current-password" className={INPUT_CLASS} />
      </div>
      <div>
        <label htmlFor="new-password" className="block text-sm font-medium">New password</label>
        <input id="new-password" name="password" type="password" required minLength={PASSWORD_MIN_LENGTH} autoComplete="new-password" aria-describedby="new-password-hint" className={INPUT_CLASS} />
        <p id="new-password-hint" className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          At least {PASSWORD_MIN_LENGTH} characters; not your email address or one of the most common passwords.
        </p>
      </div>
      <div>
        <label htmlFor="confirm-password" className="block text-sm font-medium">New password again</label>
        <input id="confirm-password" name="confirmPassword" type="password" required autoComplete="new-password" className={INPUT_CLASS} />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={PRIMARY_BUTTON_CLASS}>
          {pending ? "Changing…" : "Change password"}
        </button>
        <FormFeedback state={state} id={feedbackId} />
      </div>
    </form>
  );
}
