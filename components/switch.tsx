"use client";

import { useId } from "react";
import { BusyButton } from "./busy-button";

/**
 * While `busy` (its change being saved) the switch ignores presses but stays focusable: disabled,
 * it would drop the keyboard's focus to <body>, and a screen reader would not hear its new state.
 */
export function Switch({
  label,
  checked,
  onChange,
  busy = false,
  description,
}: {
  label: string;
  checked: boolean;
  onChange: (next: boolean) => void;
  busy?: boolean;
  description?: string;
}) {
  const id = useId();
  return (
    <div className="flex items-start justify-between gap-4">
      <div>
        <span id={`${id}-label`} className="font-medium">
          {label}
        </span>
        {description ? (
          <p id={`${id}-description`} className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">
            {description}
          </p>
        ) : null}
      </div>
      <BusyButton
        type="button"
        role="switch"
        aria-checked={checked}
        aria-busy={busy || undefined}
        aria-labelledby={`${id}-label`}
        aria-describedby={description ? `${id}-description` : undefined}
        busy={busy}
        onClick={() => onChange(!checked)}
        className={`relative inline-flex h-7 w-12 shrink-0 items-center rounded-full transition-colors ${
          checked ? "bg-emerald-600" : "bg-slate-300 dark:bg-slate-600"
        }`}
      >
        <span aria-hidden="true" className={`inline-block h-5 w-5 rounded-full bg-white shadow transition-transform ${checked ? "translate-x-6" : "translate-x-1"}`} />
      </BusyButton>
    </div>
  );
}
