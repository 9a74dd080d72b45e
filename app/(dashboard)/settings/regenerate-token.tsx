"use client";

import { useState, useTransition } from "react";
import { ConfirmPanel } from "@/components/confirm-panel";
import { useConfirmStep } from "@/components/use-confirm-step";
import { regenerateWebhookToken } from "./actions";

/**
 * Rotating the URL token breaks the URLs pasted into Twilio, so it asks first (focus on Cancel,
 * Escape withdraws the question). Either way the answer ends with focus back on Regenerate, and the
 * status line beside it says what happened.
 */
export function RegenerateToken() {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const { confirming, ask, cancel, onKeyDown, cancelRef, askRef } = useConfirmStep(() => setMessage(undefined));

  function regenerate() {
    startTransition(async () => {
      const result = await regenerateWebhookToken();
      setMessage(result.ok ? { text: result.message ?? "Token regenerated.", error: false } : { text: result.error, error: true });
      cancel();
    });
  }

  return (
    <div className="space-y-2">
      <button
        ref={askRef}
        type="button"
        aria-expanded={confirming}
        onClick={ask}
        className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-800 dark:hover:bg-slate-700"
      >
        Regenerate
      </button>
      {confirming ? (
        <ConfirmPanel
          label="Confirm token regeneration"
          confirmLabel="Regenerate token"
          busyLabel="Regenerating…"
          busy={pending}
          onConfirm={regenerate}
          onCancel={cancel}
          onKeyDown={onKeyDown}
          cancelRef={cancelRef}
        >
          Regenerate the secret token? Twilio&apos;s calls to the old URLs fail until you paste the new Webhook URL and Status Callback URL into
          the Twilio console: incoming messages on the old URL are refused from now on. Delivery updates that still carry the token being
          replaced are accepted for 7 days (regenerating again ends that).
        </ConfirmPanel>
      ) : null}
      {message ? (
        <p role="status" className={`text-sm ${message.error ? "text-rose-700 dark:text-rose-300" : "text-emerald-800 dark:text-emerald-300"}`}>
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
