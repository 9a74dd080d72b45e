"use client";

import { useState, useTransition } from "react";
import { regenerateWebhookToken } from "./actions";

export function RegenerateToken() {
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ text: string; error: boolean }>();

  function regenerate() {
    startTransition(async () => {
      const result = await regenerateWebhookToken();
      setConfirming(false);
      setMessage(result.ok ? { text: result.message ?? "Token regenerated.", error: false } : { text: result.error, error: true });
    });
  }

  return (
    <div className="space-y-2">
      {confirming ? (
        <div role="group" aria-label="Confirm token regeneration" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950">
          <p className="text-amber-900 dark:text-amber-100">
            The current URLs stop working at once for incoming messages: Twilio&apos;s requests are refused until you paste the new URLs into the
            Twilio console. Delivery updates for messages already sent are still accepted for 7 days.
          </p>
          <div className="mt-3 flex gap-2">
            <button
              type="button"
              onClick={regenerate}
              disabled={pending}
              className="rounded-md bg-amber-700 px-3 py-1.5 font-medium text-white hover:bg-amber-800 disabled:opacity-60"
            >
              {pending ? "Regenerating…" : "Regenerate token"}
            </button>
            <button type="button" onClick={() => setConfirming(false)} className="rounded-md border border-slate-300 px-3 py-1.5 dark:border-slate-600">
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <button
          type="button"
          onClick={() => {
            setMessage(undefined);
            setConfirming(true);
          }}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-800 dark:hover:bg-slate-700"
        >
          Regenerate
        </button>
      )}
      {message ? (
        <p role="status" className={`text-sm ${message.error ? "text-rose-700 dark:text-rose-300" : "text-emerald-800 dark:text-emerald-300"}`}>
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
