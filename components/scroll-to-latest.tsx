"use client";

import { useEffect, useRef } from "react";

/** How close (px) below the window's bottom edge the end may be for a reader to count as "at the end". */
const AT_END_SLACK = 400;

/**
 * Brings the end of a conversation (its newest message and the reply box) into view when it
 * opens, and again when a new message arrives while the reader is already there: a chat reads
 * from the bottom. A reader scrolled up to older messages is left where they are.
 */
export function ScrollToLatest({ latestId }: { latestId: number | null }) {
  const end = useRef<HTMLSpanElement>(null);
  const shown = useRef<number | null | undefined>(undefined);
  useEffect(() => {
    const marker = end.current;
    if (!marker || latestId === null || shown.current === latestId) return;
    const opening = shown.current === undefined;
    shown.current = latestId;
    if (opening || marker.getBoundingClientRect().top < window.innerHeight + AT_END_SLACK) marker.scrollIntoView({ block: "end" });
  }, [latestId]);
  return <span ref={end} aria-hidden="true" />;
}
