"use client";

import Link from "next/link";
import { useEffect, useRef, useState, useTransition } from "react";
import { BusyButton } from "@/components/busy-button";
import { FormFeedback } from "@/components/form-feedback";
import { useConfirmStep } from "@/components/use-confirm-step";
import { useFormAction } from "@/components/use-form-action";
import { useInlineEditor } from "@/components/use-inline-editor";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password-policy";
import { createUserAction, resetPasswordAction, setActiveAction, setRoleAction, type FormState } from "./actions";

const INPUT = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-600 dark:bg-slate-800";
const BUTTON = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-800 dark:hover:bg-slate-700";

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
        <input id="new-password" name="password" type="password" required minLength={PASSWORD_MIN_LENGTH} autoComplete="new-password" className={INPUT} />
      </div>
      <div className="flex items-center gap-3 sm:col-span-2">
        <BusyButton type="submit" busy={pending} className="rounded-md bg-emerald-700 px-4 py-2 text-sm font-medium text-white hover:bg-emerald-800">
          {pending ? "Adding…" : "Add user"}
        </BusyButton>
        <FormFeedback state={state} id={feedbackId} />
      </div>
    </form>
  );
}

const CONFIRM_GROUP = "flex basis-full flex-wrap items-center gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm dark:border-amber-700 dark:bg-amber-950";
const CONFIRM_BUTTON = "rounded-md bg-rose-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-rose-800";

export function UserActions({ userId, email, role, active, isSelf }: { userId: number; email: string; role: string; active: boolean; isSelf: boolean }) {
  const [state, setState] = useState<FormState>({});
  // The row has one line for answers, and it belongs to whichever action answered last: a reset's
  // success must not hide a later refusal (or the other way round).
  const [answeredBy, setAnsweredBy] = useState<"button" | "reset">("button");
  const [pending, startTransition] = useTransition();
  const resetEditor = useInlineEditor(`reset-${userId}-open`, `reset-${userId}`);
  const [draftRole, setDraftRole] = useState(role);
  // A role saved (here or elsewhere) becomes the select's value; the component is not remounted
  // for it, so the "Role changed to …" confirmation stays on screen.
  const [savedRole, setSavedRole] = useState(role);
  if (role !== savedRole) {
    setSavedRole(role);
    setDraftRole(role);
  }
  const roleSelect = useRef<HTMLSelectElement>(null);
  // Once a role change is answered its Make/Cancel buttons are gone (the select shows the saved role
  // again): focus goes to the select instead of falling back to the page.
  const roleAnswered = useRef(false);
  useEffect(() => {
    if (!roleAnswered.current) return;
    roleAnswered.current = false;
    roleSelect.current?.focus();
  }, [state]);
  const answer = (result: FormState) => {
    setState(result);
    setAnsweredBy("button");
  };
  const clearAnswer = () => answer({});
  const { confirming: confirmingDemotion, ask: askDemotion, cancel: cancelDemotion, onKeyDown: demotionKeys, cancelRef: demotionCancel, askRef: demotionAsk } = useConfirmStep(clearAnswer);
  const { confirming: confirmingDeactivation, ask: askDeactivation, cancel: cancelDeactivation, onKeyDown: deactivationKeys, cancelRef: deactivationCancel, askRef: deactivationAsk } =
    useConfirmStep(clearAnswer);
  const [resetState, resetForm, resetPending, resetFeedbackId] = useFormAction<FormState>(async (previous, form) => {
    const result = await resetPasswordAction(previous, form);
    setAnsweredBy("reset");
    if (result.ok) resetEditor.close();
    return result;
  }, {});

  const changeRole = () =>
    startTransition(async () => {
      const result = await setRoleAction(userId, draftRole);
      // Applied with the end of `pending`, not before it: the select ignores changes while pending.
      startTransition(() => {
        if (!result.ok) setDraftRole(role);
        roleAnswered.current = true;
        cancelDemotion();
        answer(result);
      });
    });
  const setActive = (next: boolean) =>
    startTransition(async () => {
      const result = await setActiveAction(userId, next);
      startTransition(() => {
        cancelDeactivation();
        answer(result);
      });
    });
  // Demoting yourself shuts you out of this very page, so it is asked about first.
  const demotingSelf = isSelf && role === "admin" && draftRole !== "admin";

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        <label className="sr-only" htmlFor={`role-${userId}`}>Role of {email}</label>
        {/* Applied by its own button: arrow keys on a closed select change its value in some browsers.
            While a change runs or is asked about it ignores changes instead of being disabled, which would drop its focus. */}
        <select
          ref={roleSelect}
          id={`role-${userId}`}
          value={draftRole}
          aria-disabled={pending || confirmingDemotion || undefined}
          onChange={(event) => {
            if (!pending && !confirmingDemotion) setDraftRole(event.target.value);
          }}
          className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm aria-disabled:opacity-60 dark:border-slate-600 dark:bg-slate-800"
        >
          <option value="staff">Staff</option>
          <option value="admin">Admin</option>
        </select>
        {draftRole !== role && demotingSelf && confirmingDemotion ? (
          <div role="group" aria-labelledby={`role-${userId}-question`} onKeyDown={demotionKeys} className={CONFIRM_GROUP}>
            <span id={`role-${userId}-question`} className="text-amber-900 dark:text-amber-100">
              Make yourself staff? You lose access to Settings and Users at once; only another admin can make you an admin again.
            </span>
            <BusyButton type="button" busy={pending} onClick={changeRole} className={CONFIRM_BUTTON}>
              {pending ? "Saving…" : "Yes, make me staff"}
            </BusyButton>
            <BusyButton ref={demotionCancel} type="button" busy={pending} onClick={cancelDemotion} className={BUTTON}>
              Cancel<span className="sr-only"> making yourself staff</span>
            </BusyButton>
          </div>
        ) : draftRole !== role ? (
          <>
            <BusyButton
              ref={demotionAsk}
              type="button"
              className={BUTTON}
              busy={pending}
              onClick={demotingSelf ? askDemotion : changeRole}
            >
              Make {draftRole}<span className="sr-only"> ({email})</span>
            </BusyButton>
            <BusyButton type="button" className={BUTTON} busy={pending} onClick={() => setDraftRole(role)}>
              Cancel<span className="sr-only"> role change for {email}</span>
            </BusyButton>
          </>
        ) : null}
        {isSelf ? (
          // Your own password is changed where the current one is asked for.
          <Link href="/account" className={BUTTON}>
            Change your password
          </Link>
        ) : (
          <button id={resetEditor.editButtonId} type="button" className={BUTTON} onClick={resetEditor.open ? resetEditor.close : resetEditor.show} aria-expanded={resetEditor.open}>
            Reset password<span className="sr-only"> for {email}</span>
          </button>
        )}
        {active && !isSelf && confirmingDeactivation ? (
          <div role="group" aria-labelledby={`deactivate-${userId}-question`} onKeyDown={deactivationKeys} className={CONFIRM_GROUP}>
            <span id={`deactivate-${userId}-question`} className="text-amber-900 dark:text-amber-100">
              Deactivate {email}? They are signed out at once and cannot sign in until reactivated.
            </span>
            <BusyButton type="button" busy={pending} onClick={() => setActive(false)} className={CONFIRM_BUTTON}>
              {pending ? "Deactivating…" : "Yes, deactivate"}<span className="sr-only"> {email}</span>
            </BusyButton>
            <BusyButton ref={deactivationCancel} type="button" busy={pending} onClick={cancelDeactivation} className={BUTTON}>
              Cancel<span className="sr-only"> deactivating {email}</span>
            </BusyButton>
          </div>
        ) : !isSelf || !active ? (
          <BusyButton
            ref={deactivationAsk}
            type="button"
            className={BUTTON}
            busy={pending}
            onClick={active ? askDeactivation : () => setActive(true)}
          >
            {active ? "Deactivate" : "Reactivate"}<span className="sr-only"> {email}</span>
          </BusyButton>
        ) : null}
      </div>
      {resetEditor.open && !isSelf ? (
        <form {...resetForm} onKeyDown={resetEditor.onKeyDown} className="flex flex-wrap items-end gap-2" aria-label={`Reset the password of ${email}`}>
          <input type="hidden" name="userId" value={userId} />
          <div>
            <label htmlFor={`reset-${userId}`} className="block text-xs font-medium">New password for {email}</label>
            <input id={`reset-${userId}`} name="password" type="password" minLength={PASSWORD_MIN_LENGTH} required autoComplete="new-password" className={INPUT} />
          </div>
          <BusyButton type="submit" busy={resetPending} className={BUTTON}>
            {resetPending ? "Saving…" : "Save password"}
          </BusyButton>
          <button type="button" onClick={resetEditor.close} className={BUTTON}>
            Cancel<span className="sr-only"> password reset for {email}</span>
          </button>
        </form>
      ) : null}
      {/* Only the reset form's own answer may describe the password input it marks. */}
      {answeredBy === "reset" ? <FormFeedback state={resetState} id={resetFeedbackId} /> : <FormFeedback state={state} />}
    </div>
  );
}
