"use client";

import { useState, useTransition } from "react";
import { BusyButton } from "@/components/busy-button";
import { ConfirmPanel } from "@/components/confirm-panel";
import { FormFeedback } from "@/components/form-feedback";
import { useConfirmStep } from "@/components/use-confirm-step";
import { SECONDARY_BUTTON_CLASS } from "@/components/ui";
import { blockQuestion, type NumberHolder } from "@/lib/inbox/block-question";
import { setConversationBlocked, setConversationHandled, type ThreadActionState } from "../actions";

/** Mark handled ⇄ Reopen: one button whose label turns over, keeping the focus while it works and after. */
export function HandledButton({ phoneSegment, open }: { phoneSegment: string; open: boolean }) {
  const [pending, start] = useTransition();
  const [state, setState] = useState<ThreadActionState>({});
  return (
    <div className="flex flex-wrap items-center gap-2">
      <BusyButton type="button" busy={pending} className={SECONDARY_BUTTON_CLASS} onClick={() => start(async () => setState(await setConversationHandled(phoneSegment, open)))}>
        {open ? "Mark handled" : "Reopen"}
      </BusyButton>
      <FormFeedback state={state} />
    </div>
  );
}

/**
 * Admins block a number after a question that starts on Cancel (and says whose number it is), and
 * unblock it in one click. Focus stays on the button, which turns into the other one.
 */
export function BlockButton({ phoneSegment, phone, blocked, holder }: { phoneSegment: string; phone: string; blocked: boolean; holder: NumberHolder | null }) {
  const [pending, start] = useTransition();
  const [state, setState] = useState<ThreadActionState>({});
  const { confirming, ask, cancel, onKeyDown, cancelRef, askRef } = useConfirmStep(() => setState({}));
  const change = (block: boolean) =>
    start(async () => {
      setState(await setConversationBlocked(phoneSegment, block));
      // Answered either way: the question goes, and focus goes back to the button (now "Unblock number").
      if (block) cancel();
    });
  return (
    <div className="mt-3 space-y-1">
      <BusyButton
        ref={askRef}
        type="button"
        busy={pending}
        aria-expanded={blocked ? undefined : confirming}
        className={SECONDARY_BUTTON_CLASS}
        onClick={blocked ? () => change(false) : ask}
      >
        {blocked ? "Unblock number" : "Block number"}
      </BusyButton>
      {confirming && !blocked ? (
        <ConfirmPanel
          label={`Confirm blocking ${phone}`}
          confirmLabel="Block"
          busyLabel="Blocking…"
          busy={pending}
          onConfirm={() => change(true)}
          onCancel={cancel}
          onKeyDown={onKeyDown}
          cancelRef={cancelRef}
        >
          {blockQuestion(phone, holder)}
        </ConfirmPanel>
      ) : null}
      <FormFeedback state={state} />
    </div>
  );
}
