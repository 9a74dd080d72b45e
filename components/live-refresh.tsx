"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Re-renders the page from the server every few seconds while something on it is still changing.
 * A hidden tab is not refreshed (nobody reads it); coming back to it refreshes at once, so what
 * changed meanwhile is there on return instead of up to a whole interval later.
 */
export function LiveRefresh({ active, intervalMs = 2000 }: { active: boolean; intervalMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const visible = () => document.visibilityState === "visible";
    const timer = setInterval(() => {
      if (visible()) router.refresh();
    }, intervalMs);
    const onReturn = () => {
      if (visible()) router.refresh();
    };
    document.addEventListener("visibilitychange", onReturn);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onReturn);
    };
  }, [active, intervalMs, router]);
  return null;
}
