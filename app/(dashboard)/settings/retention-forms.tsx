"use client";

import { useActionState, useState, useTransition } from "react";
import { useFormAction } from "@/components/use-form-action";
import { FormFeedback } from "@/components/form-feedback";
import { INPUT_CLASS, PRIMARY_BUTTON_CLASS, SECONDARY_BUTTON_CLASS } from "@/components/ui";
import type { LegalHold } from "@/db/schema";
import { eraseAction, placeHoldAction, purgeAction, releaseHoldAction, saveRetention, type FormState, type PurgeState } from "./actions";

const LABEL = "block text-sm font-medium";

export function RetentionForm({ values }: { values: { retentionDays: number; retentionFloorDays: number; errorLogDays: number; statusEventDays: number } }) {
  const [state, form, pending, feedbackId] = useFormAction<FormState>(saveRetention, {});
  return (
    <form {...form} className="grid gap-3 sm:grid-cols-4" aria-label="Retention periods">
      <div><label htmlFor="ret-messages" className={LABEL}>Keep messages (days)</label><input id="ret-messages" name="retentionDays" type="number" min={1} required defaultValue={values.retentionDays} className={INPUT_CLASS} /></div>
      <div><label htmlFor="ret-floor" className={LABEL}>Regulated minimum (days)</label><input id="ret-floor" name="retentionFloorDays" type="number" min={1} required defaultValue={values.retentionFloorDays} className={INPUT_CLASS} /></div>
      <div><label htmlFor="ret-errors" className={LABEL}>Keep error log (days)</label><input id="ret-errors" name="errorLogDays" type="number" min={1} required defaultValue={values.errorLogDays} className={INPUT_CLASS} /></div>
      <div><label htmlFor="ret-events" className={LABEL}>Keep status events (days)</label><input id="ret-events" name="statusEventDays" type="number" min={1} required defaultValue={values.statusEventDays} className={INPUT_CLASS} /></div>
      <div className="flex items-center gap-3 sm:col-span-4"><button type="submit" disabled={pending} className={PRIMARY_BUTTON_CLASS}>Save retention</button><FormFeedback state={state} id={feedbackId} /></div>
    </form>
  );
}

/**
 * Shows what a purge would delete first; only then offers to run it. The page keys it on the
 * retention periods, so saving new ones drops a preview counted with the old.
 */
export function PurgeForm() {
  const [state, action, pending] = useActionState<PurgeState, FormData>(purgeAction, {});
  const preview = state.preview;
  return (
    <form action={action} className="space-y-2" aria-label="Purge now">
      {preview && state.checked && !state.done
        ? Object.entries(state.checked).map(([key, value]) => <input key={key} type="hidden" name={key} value={value} />)
        : null}
      <div className="flex flex-wrap items-center gap-2">
        <button type="submit" name="intent" value="preview" disabled={pending} className={SECONDARY_BUTTON_CLASS}>Check what a purge would delete</button>
        {preview && !state.done ? (
          <button type="submit" name="intent" value="purge" disabled={pending} className="rounded-md bg-rose-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-rose-800 disabled:opacity-60">
            {pending ? "Purging…" : "Purge now"}
          </button>
        ) : null}
      </div>
      {preview && !state.done ? (
        <p role="status" className="text-sm">
          Would delete {preview.messages} messages ({preview.heldMessages} kept under legal hold), {preview.errorLog} error-log entries and {preview.statusEvents} status events.
        </p>
      ) : null}
      <FormFeedback state={state} />
    </form>
  );
}

export function HoldForm() {
  const [state, form, pending, feedbackId] = useFormAction<FormState>(placeHoldAction, {});
  return (
    <form {...form} className="grid gap-3 sm:grid-cols-4" aria-label="Place a legal hold">
      <div><label htmlFor="hold-phone" className={LABEL}>Number</label><input id="hold-phone" name="phone" type="tel" placeholder="+9198… (optional)" className={INPUT_CLASS} /></div>
      <div><label htmlFor="hold-from" className={LABEL}>From</label><input id="hold-from" name="fromDay" type="date" className={INPUT_CLASS} /></div>
      <div><label htmlFor="hold-to" className={LABEL}>To</label><input id="hold-to" name="toDay" type="date" className={INPUT_CLASS} /></div>
      <div><label htmlFor="hold-reason" className={LABEL}>Reason</label><input id="hold-reason" name="reason" required placeholder="Case reference" className={INPUT_CLASS} /></div>
      <div className="flex items-center gap-3 sm:col-span-4"><button type="submit" disabled={pending} className={PRIMARY_BUTTON_CLASS}>Place hold</button><FormFeedback state={state} id={feedbackId} /></div>
    </form>
  );
}

export function HoldList({ holds }: { holds: Pick<LegalHold, "id" | "phone" | "fromDay" | "toDay" | "reason" | "createdByLabel">[] }) {
  const [pending, start] = useTransition();
  const [state, setState] = useState<FormState>({});
  if (holds.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No active legal holds.</p>;
  return (
    <div className="space-y-2">
      <ul aria-label="Legal holds" className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
        {holds.map((hold) => (
          <li key={hold.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
            <span>
              <span className="font-medium">{hold.reason}</span>
              <span className="ml-2 text-slate-600 dark:text-slate-400">
                {[hold.phone, hold.fromDay || hold.toDay ? `${hold.fromDay ?? "…"} – ${hold.toDay ?? "…"}` : null].filter(Boolean).join(", ")} · by {hold.createdByLabel}
              </span>
            </span>
            <button type="button" disabled={pending} className={SECONDARY_BUTTON_CLASS} onClick={() => start(async () => setState(await releaseHoldAction(hold.id)))}>
              Release<span className="sr-only"> hold {hold.reason}</span>
            </button>
          </li>
        ))}
      </ul>
      <FormFeedback state={state} />
    </div>
  );
}

export function EraseForm() {
  const [state, form, pending, feedbackId] = useFormAction<FormState>(eraseAction, {});
  return (
    <form {...form} className="grid gap-3 sm:grid-cols-3" aria-label="Erase a number">
      <div><label htmlFor="erase-phone" className={LABEL}>Number to erase</label><input id="erase-phone" name="phone" type="tel" required className={INPUT_CLASS} /></div>
      <div><label htmlFor="erase-confirm" className={LABEL}>Type it again</label><input id="erase-confirm" name="confirm" type="tel" required autoComplete="off" className={INPUT_CLASS} /></div>
      <div className="flex items-end"><button type="submit" disabled={pending} className="rounded-md bg-rose-700 px-4 py-2 text-sm font-medium text-white hover:bg-rose-800 disabled:opacity-60">Erase everything of this number</button></div>
      <div className="sm:col-span-3"><FormFeedback state={state} id={feedbackId} /></div>
    </form>
  );
}
