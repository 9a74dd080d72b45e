"use client";

import { useState, useTransition } from "react";
import { BusyButton } from "@/components/busy-button";
import { SECONDARY_BUTTON_CLASS } from "@/components/ui";
import { verifyRecordsAction, type VerifyState } from "./actions";

export function VerifyRecordsButton() {
  const [pending, start] = useTransition();
  const [state, setState] = useState<VerifyState>({});
  return (
    <div className="space-y-2">
      <BusyButton type="button" busy={pending} className={SECONDARY_BUTTON_CLASS} onClick={() => start(async () => setState(await verifyRecordsAction()))}>
        {pending ? "Verifying…" : "Verify records"}
      </BusyButton>
      {state.error ? <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">{state.error}</p> : null}
      {state.report ? (
        <pre role="status" className={`overflow-x-auto rounded p-2 text-xs whitespace-pre-wrap ${state.intact ? "bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100" : "bg-rose-50 text-rose-900 dark:bg-rose-950 dark:text-rose-100"}`}>
          {state.report}
        </pre>
      ) : null}
    </div>
  );
}
