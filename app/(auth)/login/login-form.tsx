"use client";

import { useActionState, useEffect, useRef } from "react";
import { BusyButton } from "@/components/busy-button";
import { signInAction, type SignInState } from "./actions";

const INPUT =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base shadow-sm focus:border-emerald-600 dark:border-slate-600 dark:bg-slate-800";

export function LoginForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, {});
  const password = useRef<HTMLInputElement>(null);
  // A refused sign-in keeps the email and clears the password: the cursor goes where typing resumes.
  useEffect(() => {
    if (state.error) password.current?.focus();
  }, [state]);
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="next" value={next} />
      {state.error ? (
        <p role="alert" id="sign-in-error" className="rounded-md border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-800 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-200">
          {state.error}
        </p>
      ) : null}
      <div>
        <label htmlFor="email" className="block text-sm font-medium">
          Email
        </label>
        <input id="email" name="email" type="email" autoComplete="username" required autoFocus defaultValue={state.email} className={INPUT} />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium">
          Password
        </label>
        <input ref={password} id="password" name="password" type="password" autoComplete="current-password" required aria-describedby={state.error ? "sign-in-error" : undefined} className={INPUT} />
      </div>
      <BusyButton type="submit" busy={pending} className="w-full rounded-md bg-emerald-700 px-4 py-2 font-medium text-white hover:bg-emerald-800">
        {pending ? "Signing in…" : "Sign in"}
      </BusyButton>
    </form>
  );
}
