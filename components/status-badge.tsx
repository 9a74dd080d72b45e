import { describeTwilioError } from "@/lib/twilio/errors";

const TONE: Record<string, string> = {
  read: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  delivered: "bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  sent: "bg-sky-50 text-sky-800 dark:bg-sky-950 dark:text-sky-200",
  queued: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200",
  sending: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200",
  received: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200",
  failed: "bg-rose-100 text-rose-900 dark:bg-rose-950 dark:text-rose-200",
  undelivered: "bg-rose-100 text-rose-900 dark:bg-rose-950 dark:text-rose-200",
  refused: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
};

/** The delivery status, with the error's meaning on hover and for screen readers. */
export function StatusBadge({ status, errorCode, errorMessage }: { status: string; errorCode?: number | null; errorMessage?: string | null }) {
  const explanation = [errorCode ? `${errorCode}: ${describeTwilioError(errorCode)}` : null, errorMessage].filter(Boolean).join(" — ");
  return (
    <span
      title={explanation || undefined}
      data-status={status}
      className={`inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium ${TONE[status] ?? TONE.queued}`}
    >
      {status}
      {errorCode ? <span className="ml-1 tabular-nums">({errorCode})</span> : null}
      {explanation ? <span className="sr-only">: {explanation}</span> : null}
    </span>
  );
}
