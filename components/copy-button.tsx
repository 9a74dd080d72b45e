"use client";

import { useEffect, useState } from "react";

/** Puts `value` on the clipboard and says so; falls back to selecting the text where the Clipboard API is unavailable (plain http). */
export function CopyButton({ value, label, inputId }: { value: string; label: string; inputId?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2500);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      const input = inputId ? (document.getElementById(inputId) as HTMLInputElement | null) : null;
      input?.select();
      setState("failed");
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
