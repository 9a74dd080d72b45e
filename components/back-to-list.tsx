"use client";

import Link from "next/link";
import { useSyncExternalStore } from "react";
import { lastOpenedListUrl } from "./keyboard-list";

// Session storage does not change under an open page in a way this link must follow.
const subscribe = () => () => undefined;

/**
 * "← Inbox": back to the list this tab opened a row from, with its filters and page, rather than
 * the unfiltered list; the plain list when the page was reached another way.
 */
export function BackToList({ label, href, children }: { label: string; href: string; children: React.ReactNode }) {
  // The server cannot know what this tab stored: it renders the plain list, hydration the stored one.
  const target = useSyncExternalStore(subscribe, () => lastOpenedListUrl(label, href) ?? href, () => href);
  return <Link href={target} className="text-emerald-700 underline dark:text-emerald-400">{children}</Link>;
}
