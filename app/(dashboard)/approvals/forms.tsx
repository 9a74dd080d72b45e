"use client";

import { startTransition, useEffect, useState, useTransition } from "react";
import { useConfirmStep } from "@/components/use-confirm-step";
import { useFormAction } from "@/components/use-form-action";
import { useInlineEditor } from "@/components/use-inline-editor";
import { useSectionOutcome } from "@/components/record-section";
import { BusyButton } from "@/components/busy-button";
import { FormFeedback } from "@/components/form-feedback";
import { PersonPicker } from "@/components/person-picker";
import { INPUT_CLASS, PRIMARY_BUTTON_CLASS, SECONDARY_BUTTON_CLASS } from "@/components/ui";
import { createApproval, notifyApprover, reassignApprover, withdrawRequest, type FormState } from "./actions";

export function ApprovalForm() {
  const [state, form, pending, feedbackId] = useFormAction<FormState>(createApproval, {});
  return (
    <form {...form} className="grid gap-3 sm:grid-cols-2" aria-label="New approval request">
      <div><label htmlFor="a-ref" className="block text-sm font-medium">Document reference</label><input id="a-ref" name="reference" required placeholder="PRE-2026-041" className={INPUT_CLASS} /></div>
      <div><label htmlFor="a-title" className="block text-sm font-medium">Title</label><input id="a-title" name="title" required placeholder="Pre-clearance: buy 500 INFY" className={INPUT_CLASS} /></div>
      <div><label htmlFor="a-requester" className="block text-sm font-medium">Requested by</label><input id="a-requester" name="requester" required className={INPUT_CLASS} /></div>
      <div>
        <label htmlFor="a-approver" className="block text-sm font-medium">Approver</label>
        <PersonPicker id="a-approver" name="approverId" required clearLabel="Clear approver" />
      </div>
      <div className="flex items-center gap-3 sm:col-span-2"><BusyButton type="submit" busy={pending} className={PRIMARY_BUTTON_CLASS}>Create request</BusyButton><FormFeedback state={state} id={feedbackId} /></div>
    </form>
  );
}

/** Notify, Reassign and Withdraw for a pending request; Reassign and Withdraw open their form in place of the buttons. */
export function PendingActions({ id, approverId }: { id: number; approverId: number }) {
  const reassign = useInlineEditor(`r${id}-open`, `r${id}-approver`);
  const withdraw = useInlineEditor(`w${id}-open`, `w${id}-reason`);
  if (reassign.open) return <ReassignForm id={id} approverId={approverId} editor={reassign} />;
  if (withdraw.open) return <WithdrawForm id={id} editor={withdraw} />;
  return (
    // Capped: a long answer beside Notify wraps under it instead of squeezing the request's text.
    <div className="flex shrink-0 flex-wrap items-start gap-2 sm:max-w-sm sm:justify-end">
      <NotifyButton id={id} />
      <button id={reassign.editButtonId} type="button" className={SECONDARY_BUTTON_CLASS} onClick={reassign.show}>
        Reassign<span className="sr-only"> request {id}</span>
      </button>
      <button id={withdraw.editButtonId} type="button" className={SECONDARY_BUTTON_CLASS} onClick={withdraw.show}>
        Withdraw<span className="sr-only"> request {id}</span>
      </button>
    </div>
  );
}

/**
 * Within the hour after a notice the server answers with a question instead of sending, naming that
 * notice; confirming sends it back, and a notice someone else sent since (two people confirming at
 * once) is said and asked about again, with nothing sent. The question replaces the button,
 * starting on Cancel so a second Enter does not send either.
 */
function NotifyButton({ id }: { id: number }) {
  const [pending, start] = useTransition();
  const [state, setState] = useState<FormState>({});
  const { confirming, ask, cancel, onKeyDown, cancelRef, askRef } = useConfirmStep();
  /** `confirmed`: confirming the question, which names the notice it was about (`state.round`). */
  const notify = (confirmed: boolean) =>
    start(async () => {
      const result = await notifyApprover(id, confirmed ? (state.round ?? null) : null);
      // Inside the transition, the question appears as the buttons are enabled again: focus can land on Cancel.
      startTransition(() => {
        setState(result);
        if (result.confirm) ask();
        else if (confirming) cancel();
      });
    });
  useEffect(() => {
    // Asked again while the question was open (someone notified them since): back to Cancel, so Enter does not confirm the new question unread.
    if (state.confirm && confirming) cancelRef.current?.focus();
  }, [state, confirming, cancelRef]);
  if (confirming) {
    return (
      <span
        role="group"
        aria-labelledby={`n${id}-question`}
        onKeyDown={onKeyDown}
        className="inline-flex flex-wrap items-center gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 dark:border-amber-700 dark:bg-amber-950"
      >
        <span id={`n${id}-question`} className="text-amber-900 dark:text-amber-100">{state.confirm}</span>
        <BusyButton type="button" busy={pending} onClick={() => notify(true)} className={PRIMARY_BUTTON_CLASS}>
          {pending ? "Sending…" : "Notify again"}<span className="sr-only"> for request {id}</span>
        </BusyButton>
        <BusyButton ref={cancelRef} type="button" busy={pending} onClick={cancel} className={SECONDARY_BUTTON_CLASS}>Cancel<span className="sr-only"> notifying again for request {id}</span></BusyButton>
      </span>
    );
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <BusyButton ref={askRef} type="button" busy={pending} className={SECONDARY_BUTTON_CLASS} onClick={() => notify(false)}>
        Notify approver<span className="sr-only"> for request {id}</span>
      </BusyButton>
      <FormFeedback state={state} />
    </span>
  );
}

type Editor = ReturnType<typeof useInlineEditor>;

function ReassignForm({ id, approverId, editor }: { id: number; approverId: number; editor: Editor }) {
  const report = useSectionOutcome();
  const [state, form, pending, feedbackId] = useFormAction<FormState>(async (previous, data) => {
    const result = await reassignApprover(previous, data);
    if (result.ok) {
      editor.dismiss();
      report(result.message ?? `Request ${id} reassigned.`);
    }
    return result;
  }, {});
  return (
    <form {...form} onKeyDown={editor.onKeyDown} className="flex w-full shrink-0 flex-wrap items-end gap-2 sm:max-w-sm" aria-label={`Reassign request ${id}`}>
      <input type="hidden" name="id" value={id} />
      <div className="min-w-0 grow">
        <label htmlFor={`r${id}-approver`} className="block text-sm font-medium">New approver</label>
        <PersonPicker id={`r${id}-approver`} name="approverId" required exceptId={approverId} clearLabel="Clear new approver" />
      </div>
      <BusyButton type="submit" busy={pending} className={PRIMARY_BUTTON_CLASS}>{pending ? "Reassigning…" : "Reassign"}</BusyButton>
      <button type="button" onClick={editor.close} className={SECONDARY_BUTTON_CLASS}>Cancel</button>
      <div className="basis-full"><FormFeedback state={state} id={feedbackId} /></div>
    </form>
  );
}

function WithdrawForm({ id, editor }: { id: number; editor: Editor }) {
  const report = useSectionOutcome();
  const [state, form, pending, feedbackId] = useFormAction<FormState>(async (previous, data) => {
    const result = await withdrawRequest(previous, data);
    // The row stays, as withdrawn, without these buttons: the section's heading takes focus.
    if (result.ok) report(result.message ?? `Request ${id} withdrawn.`);
    return result;
  }, {});
  return (
    <form {...form} onKeyDown={editor.onKeyDown} className="flex w-full shrink-0 flex-wrap items-end gap-2 sm:max-w-sm" aria-label={`Withdraw request ${id}`}>
      <input type="hidden" name="id" value={id} />
      <div className="min-w-0 grow">
        <label htmlFor={`w${id}-reason`} className="block text-sm font-medium">Reason for withdrawing</label>
        <input id={`w${id}-reason`} name="reason" required maxLength={500} placeholder="Trade cancelled" className={INPUT_CLASS} />
      </div>
      <BusyButton type="submit" busy={pending} className="rounded-md bg-rose-700 px-4 py-2 text-sm font-medium text-white hover:bg-rose-800">{pending ? "Withdrawing…" : "Withdraw request"}</BusyButton>
      <button type="button" onClick={editor.close} className={SECONDARY_BUTTON_CLASS}>Cancel</button>
      <div className="basis-full"><FormFeedback state={state} id={feedbackId} /></div>
    </form>
  );
}
