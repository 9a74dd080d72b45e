import Link from "next/link";

/** Paging of a newest-first list: back to the newest page, and on to older items when there are any. */
export function OlderLink({ path, paged, olderThan, label }: { path: string; paged: boolean; olderThan: number | null; label: string }) {
  if (!paged && olderThan === null) return null;
  return (
    <nav aria-label={`${label} pages`} className="mt-3 flex gap-4 text-sm">
      {paged ? <Link href={path} className="text-emerald-700 underline dark:text-emerald-400">Newest</Link> : null}
      {olderThan !== null ? <Link href={`${path}?before=${olderThan}`} className="text-emerald-700 underline dark:text-emerald-400">Older {label.toLowerCase()}</Link> : null}
    </nav>
  );
}
