"use client";

import { useState, useTransition } from "react";
import { FormFeedback } from "@/components/form-feedback";
import { SECONDARY_BUTTON_CLASS } from "@/components/ui";
import { remindAgainAction, type CampaignState } from "../actions";

export function RemindAgain({ campaignId, waiting }: { campaignId: number; waiting: number }) {
  const [pending, start] = useTransition();
  const [state, setState] = useState<CampaignState>({});
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button type="button" disabled={pending || waiting === 0} className={SECONDARY_BUTTON_CLASS} onClick={() => start(async () => setState(await remindAgainAction(campaignId)))}>
        Remind again ({waiting})
      </button>
      <FormFeedback state={state} />
    </span>
  );
}
