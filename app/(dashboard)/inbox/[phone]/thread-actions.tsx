"use client";

import { useState, useTransition } from "react";
import { FormFeedback } from "@/components/form-feedback";
import { SECONDARY_BUTTON_CLASS } from "@/components/ui";
import { setConversationBlocked, setConversationHandled, type ThreadActionState } from "../actions";

export function HandledButton({ phoneSegment, open }: { phoneSegment: string; open: boolean }) {
  const [pending, start] = useTransition();
  const [state, setState] = useState<ThreadActionState>({});
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button type="button" disabled={pending} className={SECONDARY_BUTTON_CLASS} onClick={() => start(async () => setState(await setConversationHandled(phoneSegment, open)))}>
        {open ? "Mark handled" : "Reopen"}
      </button>
      <FormFeedback state={state} />
    </div>
  );
}

export function BlockButton({ phoneSegment, blocked }: { phoneSegment: string; blocked: boolean }) {
  const [pending, start] = useTransition();
  const [state, setState] = useState<ThreadActionState>({});
  return (
    <div className="mt-3 space-y-1">
      <button type="button" disabled={pending} className={SECONDARY_BUTTON_CLASS} onClick={() => start(async () => setState(await setConversationBlocked(phoneSegment, !blocked)))}>
        {blocked ? "Unblock number" : "Block number"}
      </button>
      <FormFeedback state={state} />
    </div>
  );
}
