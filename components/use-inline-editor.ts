"use client";

import { useEffect, useState, type KeyboardEvent } from "react";

/**
 * An inline editor behind an Edit button, for keyboard and screen-reader users: opening moves focus
 * to the first field; Cancel, Escape or `close` shuts it and puts focus back on Edit, instead of
 * dropping it on the page when the element that had it disappears. `dismiss` shuts it without
 * touching focus, for a caller that has just sent focus somewhere better (a section's heading).
 */
export function useInlineEditor(editButtonId: string, firstFieldId: string) {
  const [open, setOpen] = useState(false);
  const [returnFocus, setReturnFocus] = useState(false);
  useEffect(() => {
    if (open) document.getElementById(firstFieldId)?.focus();
    else if (returnFocus) document.getElementById(editButtonId)?.focus();
  }, [open, returnFocus, editButtonId, firstFieldId]);
  const show = () => {
    setReturnFocus(false);
    setOpen(true);
  };
  const close = () => {
    setReturnFocus(true);
    setOpen(false);
  };
  const dismiss = () => {
    setReturnFocus(false);
    setOpen(false);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    close();
  };
  return { open, show, close, dismiss, onKeyDown, editButtonId };
}

export type InlineEditor = ReturnType<typeof useInlineEditor>;
