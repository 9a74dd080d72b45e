/**
 * A page's loading.tsx: shown at once while the page renders on the server, so a click in the
 * navigation answers even when the page behind it takes a moment.
 *
 * Only for segments where no page below calls `forbidden()` or `notFound()`: a loading boundary
 * streams the response, so its status is sent (200) before such a page could make it 403 or 404.
 * That is why there is none for the whole dashboard, nor under Settings, Users, People and
 * Reminders (whose detail pages answer 404 for an unknown id).
 */
export function PageLoading() {
  return (
    <div role="status" aria-busy="true" className="flex items-center gap-3 py-8 text-sm text-slate-600 dark:text-slate-400">
      <span aria-hidden="true" className="h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-emerald-600 motion-reduce:animate-none" />
      Loading…
    </div>
  );
}
