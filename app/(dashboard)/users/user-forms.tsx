"use client";

import { useState, useTransition } from "react";
import { useFormAction } from "@/components/use-form-action";
import { FormFeedback } from "@/components/form-feedback";
import { createUserAction, resetPasswordAction, setActiveAction, setRoleAction, type FormState } from "./actions";

const INPUT = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-600 dark:bg-slate-800";
const BUTTON = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-60 dark:border-slate-600 dark:bg-slate-800 dark:hover:bg-slate-700";

export function AddUserForm() {
  const [state, form, pending, feedbackId] = useFormAction<FormState>(createUserAction, {});
  return (
    <form {...form} className="grid gap-3 sm:grid-cols-2">
      <div>
        <label htmlFor="new-email" className="block text-sm font-medium">Email</label>
        <input id="new-email" name="email" type="email" required autoComplete="off" className={INPUT} />
      </div>
      <div>
        <label htmlFor="new-name" className="block text-sm font-medium">Name</label>
        <input id="new-name" name="name" type="text" autoComplete="off" className={INPUT} />
      </div>
      <div>
        <label htmlFor="new-role" className="block text-sm font-medium">Role</label>
        <select id="new-role" name="role" defaultValue="staff" className={INPUT}>
          <option value="staff">Staff</option>
          <option value="admin">Admin</option>
        </select>
      </div>
      <div>
        <label htmlFor="new-password" className="block text-sm font-medium">Initial password</label>
        <input id="new-password" name="password" type="password" required minLength={8} autoComplete="new-password" className={INPUT} />
      </div>
      <div className="flex items-center gap-3 sm:col-span-2">
        <button type="submit" disabled={pending} className="rounded-md bg-emerald-700 px-4 py-2 text-sm font-medium text-white hover:bg-emerald-800 disabled:opacity-60">
          {pending ? "Adding…" : "Add user"}
        </button>
        <FormFeedback state={state} id={feedbackId} />
      </div>
    </form>
  );
}

export function UserActions({ userId, email, role, active, isSelf }: { userId: number; email: string; role: string; active: boolean; isSelf: boolean }) {
  const [state, setState] = useState<FormState>({});
  const [pending, startTransition] = useTransition();
  const [resetOpen, setResetOpen] = useState(false);
  const [draftRole, setDraftRole] = useState(role);
  // A role saved (here or elsewhere) becomes the select's value; the component is not remounted
  // for it, so the "Role changed to …" confirmation stays on screen.
  const [savedRole, setSavedRole] = useState(role);
  if (role !== savedRole) {
    setSavedRole(role);
    setDraftRole(role);
  }
  const [resetState, resetForm, resetPending, resetFeedbackId] = useFormAction<FormState>(async (previous, form) => {
    const result = await resetPasswordAction(previous, form);
    if (result.ok) setResetOpen(false);
    return result;
  }, {});

  const run = (work: () => Promise<FormState>) => startTransition(async () => setState(await work()));

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        <label className="sr-only" htmlFor={`role-${userId}`}>Role of {email}</label>
        {/* Applied by its own button: arrow keys on a closed select change its value in some browsers. */}
        <select
          id={`role-${userId}`}
          value={draftRole}
          disabled={pending}
          onChange={(event) => setDraftRole(event.target.value)}
          className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-800"
        >
          <option value="staff">Staff</option>
          <option value="admin">Admin</option>
        </select>
        {draftRole !== role ? (
          <>
            <button
              type="button"
              className={BUTTON}
              disabled={pending}
              onClick={() =>
                run(async () => {
                  const result = await setRoleAction(userId, draftRole);
                  if (!result.ok) setDraftRole(role);
                  return result;
                })
              }
            >
              Make {draftRole}<span className="sr-only"> ({email})</span>
            </button>
            <button type="button" className={BUTTON} disabled={pending} onClick={() => setDraftRole(role)}>
              Cancel<span className="sr-only"> role change for {email}</span>
            </button>
          </>
        ) : null}
        <button type="button" className={BUTTON} onClick={() => setResetOpen((open) => !open)} aria-expanded={resetOpen}>
          Reset password<span className="sr-only"> for {email}</span>
        </button>
        {!isSelf || !active ? (
          <button type="button" className={BUTTON} disabled={pending} onClick={() => run(() => setActiveAction(userId, !active))}>
            {active ? "Deactivate" : "Reactivate"}<span className="sr-only"> {email}</span>
          </button>
        ) : null}
      </div>
      {resetOpen ? (
        <form {...resetForm} className="flex flex-wrap items-end gap-2">
          <input type="hidden" name="userId" value={userId} />
          <div>
            <label htmlFor={`reset-${userId}`} className="block text-xs font-medium">New password for {email}</label>
            <input id={`reset-${userId}`} name="password" type="password" minLength={8} required autoComplete="new-password" className={INPUT} />
          </div>
          <button type="submit" disabled={resetPending} className={BUTTON}>
            {resetPending ? "Saving…" : "Save password"}
          </button>
        </form>
      ) : null}
      {/* Only the reset form's own answer may describe the password input it marks. */}
      {resetState.error || resetState.message ? <FormFeedback state={resetState} id={resetFeedbackId} /> : <FormFeedback state={state} />}
    </div>
  );
}
