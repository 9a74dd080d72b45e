"use client";

import { startTransition, useEffect, useRef, useState, useTransition } from "react";
import { useFormAction } from "@/components/use-form-action";
import { BusyButton } from "@/components/busy-button";
import { ConfirmPanel } from "@/components/confirm-panel";
import { FormFeedback } from "@/components/form-feedback";
import { INPUT_CLASS, PRIMARY_BUTTON_CLASS, SECONDARY_BUTTON_CLASS } from "@/components/ui";
import { blockNumber, unblockNumber, type BlockState, type FormState } from "./actions";

export function BlockList({ numbers }: { numbers: { phone: string; profileName: string | null }[] }) {
  const [unblockState, setUnblockState] = useState<FormState>({});
  // Whichever action ran last speaks: a new block attempt clears the previous unblock message.
  // A question keeps the number typed (it is what the question is about); a block clears it.
  const [state, form, pending, feedbackId] = useFormAction<BlockState>(
    (previous, form) => {
      setUnblockState({});
      return blockNumber(previous, form);
    },
    {},
    (answer) => !answer.error && !answer.confirm,
  );
  // The question the server asked (whose number it is), until answered, cancelled or the number edited.
  const [setAside, setSetAside] = useState<BlockState | null>(null);
  const question = state.confirm && state !== setAside ? state : null;
  const blockButton = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  // Focus follows the question: to Cancel when it appears (a second Enter must not block), back to
  // Block once it is answered or withdrawn.
  const [returnFocus, setReturnFocus] = useState(0);
  useEffect(() => {
    if (question) cancelRef.current?.focus();
  }, [question]);
  useEffect(() => {
    if (returnFocus) blockButton.current?.focus();
  }, [returnFocus]);
  // Confirmed, the question (and the button that had focus) goes once the answer is in.
  const answering = useRef<BlockState | null>(null);
  useEffect(() => {
    if (!answering.current || state === answering.current) return;
    answering.current = null;
    blockButton.current?.focus();
  }, [state]);
  const withdraw = () => {
    setSetAside(state);
    setReturnFocus((count) => count + 1);
  };
  const confirm = () => {
    if (!question?.phone) return;
    const answer = new FormData();
    answer.set("phone", question.phone);
    answer.set("confirmed", question.phone);
    answering.current = state;
    startTransition(() => form.action(answer));
  };
  const [unblocking, startUnblock] = useTransition();
  // An unblocked number's row (and the button that had focus) leaves the list: focus goes to the line saying so.
  const feedback = useRef<HTMLDivElement>(null);
  const [unblocked, setUnblocked] = useState(0);
  useEffect(() => {
    if (unblocked) feedback.current?.focus();
  }, [unblocked]);
  const unblock = (phone: string) =>
    startUnblock(async () => {
      const result = await unblockNumber(phone);
      setUnblockState(result);
      if (result.ok) setUnblocked((count) => count + 1);
    });
  return (
    <div className="space-y-4">
      <form {...form} className="flex flex-wrap items-end gap-2">
        <div className="min-w-56 flex-1">
          <label htmlFor="block-phone" className="block text-sm font-medium">Number to block</label>
          <input id="block-phone" name="phone" type="tel" required placeholder="+919812345678" className={INPUT_CLASS} onChange={() => question && setSetAside(state)} />
        </div>
        <BusyButton ref={blockButton} type="submit" busy={pending} aria-expanded={question ? true : undefined} className={PRIMARY_BUTTON_CLASS}>{pending && !question ? "Blocking…" : "Block"}</BusyButton>
      </form>
      {question ? (
        <ConfirmPanel
          label={`Confirm blocking ${question.phone}`}
          confirmLabel={`Block ${question.phone}`}
          busyLabel="Blocking…"
          busy={pending}
          onConfirm={confirm}
          onCancel={withdraw}
          onKeyDown={(event) => {
            if (event.key !== "Escape") return;
            event.preventDefault();
            withdraw();
          }}
          cancelRef={cancelRef}
        >
          {question.confirm}
        </ConfirmPanel>
      ) : null}
      {/* Only the block form's own answer may describe the number input it marks. */}
      <div ref={feedback} tabIndex={-1} className="empty:hidden">
        {unblockState.message || unblockState.error ? <FormFeedback state={unblockState} /> : <FormFeedback state={state} id={feedbackId} />}
      </div>
      {numbers.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No blocked numbers.</p>
      ) : (
        <ul aria-label="Blocked numbers" className="divide-y divide-slate-200 dark:divide-slate-800">
          {numbers.map((number) => (
            <li key={number.phone} className="flex items-center justify-between gap-3 py-2 text-sm">
              <span>
                <span className="font-mono">{number.phone}</span>
                {number.profileName ? <span className="ml-2 text-slate-600 dark:text-slate-400">{number.profileName}</span> : null}
              </span>
              <BusyButton type="button" busy={unblocking} className={SECONDARY_BUTTON_CLASS} onClick={() => unblock(number.phone)}>
                Unblock<span className="sr-only"> {number.phone}</span>
              </BusyButton>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
