"use client";

import { createContext, use, useState, type ReactNode } from "react";

/** Reports an outcome for the section a record was in: the row or form that had focus is about to disappear. */
const OutcomeInSection = createContext<(message: string) => void>(() => {});

/**
 * Wraps a section's records. After a deletion (or a save that closes an editor) focus moves to the
 * section's heading (give it tabIndex -1), not to the page's start, and the status line, on the
 * page before the change so that screen readers announce it, says what happened.
 */
export function RecordSection({ headingId, children }: { headingId: string; children: ReactNode }) {
  const [message, setMessage] = useState("");
  const report = (text: string) => {
    setMessage(text);
    document.getElementById(headingId)?.focus();
  };
  return (
    <OutcomeInSection value={report}>
      <p role="status" className="mb-3 text-sm text-emerald-800 empty:hidden dark:text-emerald-300">{message}</p>
      {children}
    </OutcomeInSection>
  );
}

/** The enclosing RecordSection's reporter: announces `message` and focuses the section's heading. */
export function useSectionOutcome() {
  return use(OutcomeInSection);
}
