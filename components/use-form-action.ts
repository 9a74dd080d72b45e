"use client";

import { startTransition, useActionState, useEffect, useEffectEvent, useId, useRef, useState, type FormEvent } from "react";

/**
 * `useActionState` for a form that keeps what was typed when the action answers with an error.
 * React resets a form's uncontrolled fields after every form action, so a refused entry would
 * vanish next to the message explaining it. Submitted by hand instead (React then skips its
 * reset), the form is reset only after a success: it clears, or takes up the values just saved.
 * Before hydration the form still posts to the action natively. `resetAfter` narrows which answers
 * clear the form, for a form whose first step (a preview) must keep the chosen file.
 *
 * A refusal that names a `field` marks that input aria-invalid, points its aria-describedby at the
 * message (pass the returned `feedbackId` to FormFeedback) and moves focus to it, so a screen reader
 * user lands on what to fix and hears why. The mark goes with the next answer. A submit while the
 * previous one is still running is ignored.
 */
export function useFormAction<State extends { error?: string; field?: string }>(
  action: (state: State, payload: FormData) => State | Promise<State>,
  initialState: State,
  resetAfter: (state: State) => boolean = (state) => !state.error,
) {
  const [state, dispatch, pending] = useActionState<State, FormData>(action as (state: Awaited<State>, payload: FormData) => State | Promise<State>, initialState as Awaited<State>);
  const formRef = useRef<HTMLFormElement>(null);
  const firstState = useRef(state);
  const shouldReset = useEffectEvent((answer: State) => resetAfter(answer));
  useEffect(() => {
    if (state !== firstState.current && shouldReset(state)) formRef.current?.reset();
  }, [state]);
  const feedbackId = useId();
  useEffect(() => {
    if (state === firstState.current || !state.error || !state.field) return;
    const control = formRef.current?.elements.namedItem(state.field);
    // A name shared by several inputs (radio buttons) has no single one to mark.
    if (!(control instanceof HTMLElement)) return;
    const described = control.getAttribute("aria-describedby");
    control.setAttribute("aria-invalid", "true");
    // Only a message that is on the page (a form that passed feedbackId to FormFeedback) can describe it.
    if (document.getElementById(feedbackId)) control.setAttribute("aria-describedby", [described, feedbackId].filter(Boolean).join(" "));
    control.focus();
    return () => {
      control.removeAttribute("aria-invalid");
      if (described) control.setAttribute("aria-describedby", described);
      else control.removeAttribute("aria-describedby");
    };
  }, [state, feedbackId]);
  // A second submit while the first is in flight (Ctrl+Enter pressed twice, a shortcut that never
  // sees the disabled button) would run the action twice: send a reply twice. `pending` alone does
  // not cover it: two key presses can land before React renders the pending state.
  const submitting = useRef(false);
  useEffect(() => {
    if (!pending) submitting.current = false;
  }, [pending, state]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting.current || pending) return;
    submitting.current = true;
    const formData = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
    startTransition(() => dispatch(formData));
  };
  return [state, { ref: formRef, action: dispatch, onSubmit }, pending, feedbackId] as const;
}

/**
 * An action's answer that stops counting once the user changes what it answered: a preview of
 * recipients or rows must not stand beside other inputs (nor keep "Send" or "Import" offered).
 * `setAside` hides the current answer until the action answers again.
 */
export function useAnswerUntilChanged<State extends object>(state: State, none: State) {
  const [outdated, setOutdated] = useState<State | null>(null);
  const setAside = () => setOutdated(state);
  return [state === outdated ? none : state, setAside] as const;
}
