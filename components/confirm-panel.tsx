"use client";

import { useId, type KeyboardEvent, type ReactNode, type RefObject } from "react";
import { BusyButton } from "./busy-button";
import { SECONDARY_BUTTON_CLASS } from "./ui";

/**
 * A destructive action's question, beside the record it is about: the action's own button, then
 * Cancel, which useConfirmStep focuses first so a second Enter does not delete. While the action
 * runs both buttons only ignore clicks (BusyButton), so the focused one keeps the focus.
 */
export function ConfirmPanel({
  label,
  children,
  confirmLabel,
  busyLabel,
  busy,
  onConfirm,
  onCancel,
  onKeyDown,
  cancelRef,
}: {
  label: string;
  children: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  onKeyDown: (event: KeyboardEvent) => void;
  cancelRef: RefObject<HTMLButtonElement | null>;
}) {
  // Focus lands on Cancel: the question is the group's description, so a screen reader reads it
  // there (who is blocked, what a new URL breaks), not only the group's short label.
  const questionId = useId();
  return (
    <div role="group" aria-label={label} aria-describedby={questionId} onKeyDown={onKeyDown} className="mt-2 rounded-md border border-amber-300 bg-amber-50 p-3 dark:border-amber-700 dark:bg-amber-950">
      <p id={questionId} className="text-amber-900 dark:text-amber-100">{children}</p>
      <div className="mt-3 flex gap-2">
        <BusyButton type="button" busy={busy} onClick={onConfirm} className="rounded-md bg-amber-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-amber-800">
          {busy ? busyLabel : confirmLabel}
        </BusyButton>
        <BusyButton ref={cancelRef} type="button" busy={busy} onClick={onCancel} className={SECONDARY_BUTTON_CLASS}>
          Cancel
        </BusyButton>
      </div>
    </div>
  );
}
