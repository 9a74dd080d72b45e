"use client";

import { useActionState, useEffect, useRef } from "react";
import { BusyButton } from "@/components/busy-button";
import { useSectionOutcome } from "@/components/record-section";
import { useConfirmStep } from "@/components/use-confirm-step";
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
      <input type="hidden" name="loaded" value={JSON.stringify(values)} />
      <div><label htmlFor="ret-messages" className={LABEL}>Keep messages (days)</label><input id="ret-messages" name="retentionDays" type="number" min={1} required defaultValue={values.retentionDays} className={INPUT_CLASS} /></div>
      <div><label htmlFor="ret-floor" className={LABEL}>Regulated minimum (days)</label><input id="ret-floor" name="retentionFloorDays" type="number" min={1} required defaultValue={values.retentionFloorDays} className={INPUT_CLASS} /></div>
      <div><label htmlFor="ret-errors" className={LABEL}>Keep error log (days)</label><input id="ret-errors" name="errorLogDays" type="number" min={1} required defaultValue={values.errorLogDays} className={INPUT_CLASS} /></div>
      <div><label htmlFor="ret-events" className={LABEL}>Keep status events (days)</label><input id="ret-events" name="statusEventDays" type="number" min={1} required defaultValue={values.statusEventDays} className={INPUT_CLASS} /></div>
      <div className="flex items-center gap-3 sm:col-span-4"><BusyButton type="submit" busy={pending} className={PRIMARY_BUTTON_CLASS}>Save retention</BusyButton><FormFeedback state={state} id={feedbackId} /></div>
    </form>
  );
}

/**
 * Shows what a purge would delete first; only then offers to run it. The page keys it on the
 * retention periods, so saving new ones drops a preview counted with the old. Purge now goes with
 * its answer (done, or refused for a stale check), so the focus moves to the line saying which.
 */
export function PurgeForm() {
  const [state, action, pending] = useActionState<PurgeState, FormData>(purgeAction, {});
  const preview = state.preview;
  const outcome = useRef<HTMLDivElement>(null);
  const purgeAsked = useRef(false);
  useEffect(() => {
    if (!purgeAsked.current) return;
    purgeAsked.current = false;
    outcome.current?.focus();
  }, [state]);
  return (
    <form action={action} className="space-y-2" aria-label="Purge now">
      {preview && state.checked && !state.done
        ? Object.entries(state.checked).map(([key, value]) => <input key={key} type="hidden" name={key} value={value} />)
        : null}
      <div className="flex flex-wrap items-center gap-2">
        <BusyButton type="submit" name="intent" value="preview" busy={pending} onClick={() => { purgeAsked.current = false; }} className={SECONDARY_BUTTON_CLASS}>
          Check what a purge would delete
        </BusyButton>
        {preview && !state.done ? (
          <BusyButton
            type="submit"
            name="intent"
            value="purge"
            busy={pending}
            onClick={() => {
              purgeAsked.current = true;
            }}
            className="rounded-md bg-rose-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-rose-800"
          >
            {pending ? "Purging…" : "Purge now"}
          </BusyButton>
        ) : null}
      </div>
      {preview && !state.done ? (
        <p role="status" className="text-sm">
          Would delete {preview.messages} messages ({preview.heldMessages} kept under legal hold), {preview.errorLog} error-log entries and {preview.statusEvents} status events.
        </p>
      ) : null}
      <div ref={outcome} tabIndex={-1} className="empty:hidden">
        <FormFeedback state={state} />
      </div>
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
      <div className="flex items-center gap-3 sm:col-span-4"><BusyButton type="submit" busy={pending} className={PRIMARY_BUTTON_CLASS}>Place hold</BusyButton><FormFeedback state={state} id={feedbackId} /></div>
    </form>
  );
}

type Hold = Pick<LegalHold, "id" | "phone" | "fromDay" | "toDay" | "reason" | "createdByLabel" | "createdAt">;
type ReleasedHold = Hold & Pick<LegalHold, "releasedAt" | "releasedByLabel" | "releaseReason">;

const MUTED = "text-slate-600 dark:text-slate-400";

function When({ at }: { at: Date }) {
  return <time dateTime={at.toISOString()}>{at.toISOString().replace("T", " ").slice(0, 16)} UTC</time>;
}

/** What a hold covers: its number, its days, or both. */
function scope(hold: Hold): string {
  return [hold.phone, hold.fromDay || hold.toDay ? `${hold.fromDay ?? "…"} – ${hold.toDay ?? "…"}` : null].filter(Boolean).join(", ");
}

/** What a hold protects and who placed it when; a released one adds its release after. */
function HoldSummary({ hold, children }: { hold: Hold; children?: React.ReactNode }) {
  return (
    <>
      <p>
        <span className="font-medium">{hold.reason}</span>
        {scope(hold) ? <span className={`ml-2 ${MUTED}`}>{scope(hold)}</span> : null}
      </p>
      <p className={`text-xs ${MUTED}`}>
        Placed <When at={hold.createdAt} /> by {hold.createdByLabel}
        {children}
      </p>
    </>
  );
}

/**
 * Active holds, each with who placed it and when. Releasing one asks first, with the reason for the
 * release (it is recorded on the hold and in the audit trail); afterwards the cursor moves to the
 * section's heading and its status line says which hold was released.
 */
export function HoldList({ holds }: { holds: Hold[] }) {
  if (holds.length === 0) return <p className={`text-sm ${MUTED}`}>No active legal holds.</p>;
  return (
    <ul aria-label="Legal holds" className="divide-y divide-slate-100 text-sm wrap-anywhere dark:divide-slate-800">
      {holds.map((hold) => <HoldRow key={hold.id} hold={hold} />)}
    </ul>
  );
}

function HoldRow({ hold }: { hold: Hold }) {
  const report = useSectionOutcome();
  const { confirming, ask, cancel, onKeyDown, cancelRef, askRef } = useConfirmStep();
  const [state, form, pending, feedbackId] = useFormAction<FormState>(async (previous, data) => {
    const result = await releaseHoldAction(previous, data);
    // The row leaves the list with the refreshed page, so the section says what happened.
    if (result.ok && result.message) report(result.message);
    return result;
  }, {});
  const reasonId = `release-reason-${hold.id}`;
  return (
    <li className="py-2">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <HoldSummary hold={hold} />
        </div>
        <button ref={askRef} type="button" aria-expanded={confirming} onClick={ask} className={`${SECONDARY_BUTTON_CLASS} shrink-0 self-start`}>
          Release<span className="sr-only"> hold {hold.reason}</span>
        </button>
      </div>
      {confirming ? (
        <form
          {...form}
          onKeyDown={onKeyDown}
          aria-label={`Confirm releasing hold ${hold.reason}`}
          className="mt-2 space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 dark:border-amber-700 dark:bg-amber-950"
        >
          <input type="hidden" name="id" value={hold.id} />
          <p className="text-amber-900 dark:text-amber-100">
            Release the hold <span className="font-semibold">{hold.reason}</span>? The purge may then delete what it protected, and its number may be erased.
          </p>
          <div>
            <label htmlFor={reasonId} className={LABEL}>Reason for the release</label>
            <input id={reasonId} name="reason" required minLength={3} maxLength={500} placeholder="e.g. inquiry closed, letter 2026/140" className={INPUT_CLASS} />
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <BusyButton type="submit" busy={pending} className="rounded-md bg-amber-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-amber-800">
              {pending ? "Releasing…" : "Release hold"}
            </BusyButton>
            <BusyButton ref={cancelRef} type="button" busy={pending} onClick={cancel} className={SECONDARY_BUTTON_CLASS}>Cancel</BusyButton>
          </div>
          <FormFeedback state={state.error ? state : {}} id={feedbackId} />
        </form>
      ) : null}
    </li>
  );
}

/** Released holds stay on record: what they protected, who placed and released them, when and why. */
export function ReleasedHoldList({ holds, more }: { holds: ReleasedHold[]; more: boolean }) {
  if (holds.length === 0) return <p className={`text-sm ${MUTED}`}>No hold has been released.</p>;
  return (
    <>
      <ul aria-label="Released holds" className="divide-y divide-slate-100 text-sm wrap-anywhere dark:divide-slate-800">
        {holds.map((hold) => (
          <li key={hold.id} className="py-2">
            <HoldSummary hold={hold}>
              {hold.releasedAt ? (
                <>
                  {" · "}released <When at={hold.releasedAt} /> by {hold.releasedByLabel ?? "unknown"}
                </>
              ) : null}
            </HoldSummary>
            <p className={`text-xs ${MUTED}`}>{hold.releaseReason ? `Reason for release: ${hold.releaseReason}` : "No reason recorded (released before reasons were required)."}</p>
          </li>
        ))}
      </ul>
      {more ? <p className={`mt-1 text-xs ${MUTED}`}>Older releases are in the audit trail (Logs → Retention).</p> : null}
    </>
  );
}

export function EraseForm() {
  const [state, form, pending, feedbackId] = useFormAction<FormState>(eraseAction, {});
  return (
    <form {...form} className="grid gap-3 sm:grid-cols-3" aria-label="Erase a number">
      <div><label htmlFor="erase-phone" className={LABEL}>Number to erase</label><input id="erase-phone" name="phone" type="tel" required className={INPUT_CLASS} /></div>
      <div><label htmlFor="erase-confirm" className={LABEL}>Type it again</label><input id="erase-confirm" name="confirm" type="tel" required autoComplete="off" className={INPUT_CLASS} /></div>
      <div className="flex items-end"><BusyButton type="submit" busy={pending} className="rounded-md bg-rose-700 px-4 py-2 text-sm font-medium text-white hover:bg-rose-800">Erase everything of this number</BusyButton></div>
      <div className="sm:col-span-3"><FormFeedback state={state} id={feedbackId} /></div>
    </form>
  );
}
