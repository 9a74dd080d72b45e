"use client";

import { useEffect, useRef, useState, type KeyboardEvent } from "react";

/**
 * A destructive button's "are you sure?" step. Focus follows the question: to Cancel (the safe
 * answer, so a second Enter does not delete) when it appears, back to the button that asked when it
 * is withdrawn by Cancel or Escape.
 */
export function useConfirmStep(onAsk: () => void = () => {}) {
  const [confirming, setConfirming] = useState(false);
  const [returnFocus, setReturnFocus] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const askRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) cancelRef.current?.focus();
    else if (returnFocus) askRef.current?.focus();
  }, [confirming, returnFocus]);
  const ask = () => {
    onAsk();
    setReturnFocus(false);
    setConfirming(true);
  };
  const cancel = () => {
    setReturnFocus(true);
    setConfirming(false);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    cancel();
  };
  return { confirming, ask, cancel, onKeyDown, cancelRef, askRef };
}
