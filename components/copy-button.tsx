"use client";

import { useEffect, useState } from "react";

type Outcome = { state: "copied" | "failed"; value: string };

/**
 * Puts `value` on the clipboard and says so; falls back to selecting the text where the Clipboard
 * API is unavailable (plain http). "Copied" is about the value that was copied: once `value`
 * changes (a URL given a token, or a new one), the button offers to copy again.
 */
export function CopyButton({ value, label, inputId }: { value: string; label: string; inputId?: string }) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const state = outcome && outcome.value === value ? outcome.state : "idle";

  useEffect(() => {
    if (!outcome) return;
    const timer = setTimeout(() => setOutcome(null), 2500);
    return () => clearTimeout(timer);
  }, [outcome]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setOutcome({ state: "copied", value });
    } catch {
      const input = inputId ? (document.getElementById(inputId) as HTMLInputElement | null) : null;
      input?.select();
      setOutcome({ state: "failed", value });
    }
  }

  return (
    <button
      type="button"
      onClick={copy}
      className="shrink-0 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-800 dark:hover:bg-slate-700"
    >
      {state === "copied" ? "Copied" : state === "failed" ? "Press Ctrl+C" : "Copy"}
      <span className="sr-only"> {label}</span>
      <span className="sr-only" role="status">
        {state === "copied" ? `${label} copied to the clipboard` : ""}
      </span>
    </button>
  );
}
