"use client";

import { useEffect, useRef } from "react";

/**
 * j/k or the arrow keys move through the list's row links; Enter opens the focused one (a native
 * link). Ignored while typing in a field.
 */
export function KeyboardList({ label, children }: { label: string; children: React.ReactNode }) {
  const list = useRef<HTMLUListElement>(null);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      if (event.metaKey || event.ctrlKey || event.altKey || target?.closest("input, textarea, select, [contenteditable]")) return;
      const step = event.key === "j" || event.key === "ArrowDown" ? 1 : event.key === "k" || event.key === "ArrowUp" ? -1 : 0;
      if (!step || !list.current) return;
      const links = [...list.current.querySelectorAll<HTMLAnchorElement>("a[data-row]")];
      if (links.length === 0) return;
      const current = links.indexOf(document.activeElement as HTMLAnchorElement);
      if (current === -1 && (event.key === "ArrowDown" || event.key === "ArrowUp") && !list.current.contains(document.activeElement)) return;
      event.preventDefault();
      const next = current === -1 ? (step > 0 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, current + step));
      links[next]?.focus();
      links[next]?.scrollIntoView({ block: "nearest" });
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <ul ref={list} aria-label={label} className="divide-y divide-slate-200 overflow-hidden rounded-xl border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
      {children}
    </ul>
  );
}
