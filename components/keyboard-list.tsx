"use client";

import { useEffect, useLayoutEffect, useRef } from "react";

/** The row last opened from a list, so that coming back (Back, or a link to the same URL) lands on it. */
const OPENED_ROW_KEY = "keyboard-list:opened";
type OpenedRow = { list: string; url: string; row: string };

const hereUrl = () => `${window.location.pathname}${window.location.search}`;

function readOpened(): OpenedRow | null {
  try {
    const value: unknown = JSON.parse(window.sessionStorage.getItem(OPENED_ROW_KEY) ?? "null");
    if (value && typeof value === "object" && "list" in value && "url" in value && "row" in value) {
      const { list, url, row } = value;
      if (typeof list === "string" && typeof url === "string" && typeof row === "string") return { list, url, row };
    }
  } catch {
    // Storage unavailable or a stale value: nothing to come back to.
  }
  return null;
}

/**
 * The address of the list a row was last opened from in this tab, when it was the list named
 * `label` under `pathPrefix`: a "back to the list" link returns to its filters and page.
 */
export function lastOpenedListUrl(label: string, pathPrefix: string): string | null {
  const opened = readOpened();
  // Only a path of our own under the list's page: never a link elsewhere, whatever is in storage.
  return opened && opened.list === label && (opened.url === pathPrefix || opened.url.startsWith(`${pathPrefix}?`)) ? opened.url : null;
}

function writeOpened(opened: OpenedRow | null) {
  try {
    if (opened) window.sessionStorage.setItem(OPENED_ROW_KEY, JSON.stringify(opened));
    else window.sessionStorage.removeItem(OPENED_ROW_KEY);
  } catch {
    // Without storage the list simply starts from the top again.
  }
}

/**
 * j/k or the arrow keys move through the list's row links; Enter opens the focused one (a native
 * link). Ignored while typing in a field. Rows carry `data-row` with a stable id, so focus survives
 * the list being re-rendered from the server (a live refresh). The row opened last is remembered
 * for this tab (with the list's URL), and coming back to that same list puts focus on it again,
 * while it is still there, so keyboard triage carries on where it was instead of at the top.
 */
export function KeyboardList({ label, children }: { label: string; children: React.ReactNode }) {
  const list = useRef<HTMLUListElement>(null);
  // The row the keyboard is on, forgotten when focus leaves it on purpose. Chromium fires focusout
  // when a refresh removes the focused row too, just before removing it: hence the check afterwards.
  const focused = useRef<{ id: string; index: number } | null>(null);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      if (event.metaKey || event.ctrlKey || event.altKey || target?.closest("input, textarea, select, [contenteditable]")) return;
      const step = event.key === "j" || event.key === "ArrowDown" ? 1 : event.key === "k" || event.key === "ArrowUp" ? -1 : 0;
      if (!step || !list.current) return;
      const links = rowLinks(list.current);
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

  useEffect(() => {
    const element = list.current;
    if (!element) return;
    const opened = readOpened();
    if (opened && opened.list === label && opened.url === hereUrl()) {
      // Once: a later visit to the list (from the menu, say) starts afresh.
      writeOpened(null);
      const links = rowLinks(element);
      const index = links.findIndex((link) => link.dataset.row === opened.row);
      if (index !== -1 && (!document.activeElement || document.activeElement === document.body)) {
        focused.current = { id: opened.row, index };
        links[index]?.focus();
        links[index]?.scrollIntoView({ block: "nearest" });
      }
    }
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = (event.target as HTMLElement).closest<HTMLAnchorElement>("a[data-row]");
      if (link?.dataset.row) writeOpened({ list: label, url: hereUrl(), row: link.dataset.row });
    };
    element.addEventListener("click", onClick);
    return () => element.removeEventListener("click", onClick);
  }, [label]);

  useEffect(() => {
    const element = list.current;
    if (!element) return;
    const onFocusIn = (event: FocusEvent) => {
      const link = event.target as HTMLAnchorElement;
      const index = rowLinks(element).indexOf(link);
      focused.current = index === -1 ? null : { id: link.dataset.row ?? "", index };
    };
    const onFocusOut = (event: FocusEvent) => {
      const row = event.target as HTMLElement;
      // Still in the page once React's commit is over: the user moved focus away, so respect that.
      queueMicrotask(() => {
        if (row.isConnected && focused.current?.id === row.dataset.row) focused.current = null;
      });
    };
    element.addEventListener("focusin", onFocusIn);
    element.addEventListener("focusout", onFocusOut);
    return () => {
      element.removeEventListener("focusin", onFocusIn);
      element.removeEventListener("focusout", onFocusOut);
    };
  }, []);

  // After every render (a refresh brings new children): note where the focused row now stands, or,
  // if it was dropped, put focus on the row now in its place, so j/k carry on from there.
  useLayoutEffect(() => {
    if (!list.current) return;
    const links = rowLinks(list.current);
    const active = document.activeElement;
    const index = links.indexOf(active as HTMLAnchorElement);
    if (index !== -1) {
      focused.current = { id: links[index]?.dataset.row ?? "", index };
      return;
    }
    const remembered = focused.current;
    if (!remembered || (active && active !== document.body) || links.length === 0) return;
    const target = links.find((link) => link.dataset.row === remembered.id) ?? links[Math.min(remembered.index, links.length - 1)];
    target?.focus({ preventScroll: true });
  });

  return (
    <ul ref={list} aria-label={label} className="divide-y divide-slate-200 overflow-hidden rounded-xl border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
      {children}
    </ul>
  );
}

function rowLinks(list: HTMLElement): HTMLAnchorElement[] {
  return [...list.querySelectorAll<HTMLAnchorElement>("a[data-row]")];
}
