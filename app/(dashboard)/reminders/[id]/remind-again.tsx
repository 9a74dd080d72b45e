"use client";

import { startTransition, useEffect, useRef, useState, useTransition, type ReactNode } from "react";
import { ConfirmPanel } from "@/components/confirm-panel";
import { FormFeedback } from "@/components/form-feedback";
import { SECONDARY_BUTTON_CLASS } from "@/components/ui";
import { useConfirmStep } from "@/components/use-confirm-step";
import { remindAgainAction, type CampaignState } from "../actions";

/**
 * "Remind again" for those who have not acknowledged (`count`: whom it would go to now), with
 * `children` (when the last round went out, and by whom) beneath. Within the
 * hour of the last round the server answers with a question instead of sending, naming that round;
 * confirming sends the round back, and a round sent by someone else since is asked about again. The
 * question replaces the button, starting on Cancel so a second Enter does not send either. The button is
 * never disabled under the cursor while it works (focus would drop to the page): a click then is
 * ignored instead.
 */
export function RemindAgain({ campaignId, count, children }: { campaignId: number; count: number; children?: ReactNode }) {
  const [pending, start] = useTransition();
  const [state, setState] = useState<CampaignState>({});
  const { confirming, ask, cancel, onKeyDown, cancelRef, askRef } = useConfirmStep();
  const answerRef = useRef<HTMLSpanElement>(null);
  /** `confirmed`: confirming the question, which names the round it was about (`state.round`). */
  const remind = (confirmed: boolean) => {
    if (pending) return;
    start(async () => {
      const result = await remindAgainAction(campaignId, confirmed ? (state.round ?? null) : null);
      // Inside the transition, the question appears as the buttons are enabled again: focus can land on Cancel.
      startTransition(() => {
        setState(result);
        if (result.confirm) ask();
        else if (confirming) cancel();
      });
    });
  };
  useEffect(() => {
    // Asked again while the question was open (someone sent a round since): back to Cancel, so Enter does not confirm the new round unread.
    if (state.confirm && confirming) cancelRef.current?.focus();
  }, [state, confirming, cancelRef]);
  useEffect(() => {
    // Nobody left to remind disables the button: its answer takes the focus the button had.
    if ((state.message || state.error) && askRef.current?.disabled && (document.activeElement === document.body || document.activeElement === null)) answerRef.current?.focus();
  }, [state, askRef]);
  return (
    <div className="flex max-w-md flex-col items-end gap-1 text-sm">
      {confirming ? (
        <ConfirmPanel
          label="Confirm reminding again"
          confirmLabel="Remind again now"
          busyLabel="Sending…"
          busy={pending}
          onConfirm={() => remind(true)}
          onCancel={cancel}
          onKeyDown={onKeyDown}
          cancelRef={cancelRef}
        >
          {state.confirm}
        </ConfirmPanel>
      ) : (
        <span className="inline-flex flex-wrap items-center justify-end gap-2">
          <button ref={askRef} type="button" aria-disabled={pending || undefined} disabled={count === 0} className={SECONDARY_BUTTON_CLASS} onClick={() => remind(false)}>
            Remind again ({count.toLocaleString("en")})
          </button>
          <span ref={answerRef} tabIndex={-1} className="outline-none">
            <FormFeedback state={state} />
          </span>
        </span>
      )}
      {children}
    </div>
  );
}
