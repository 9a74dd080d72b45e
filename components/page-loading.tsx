import { PageHeader } from "./page-header";

/**
 * A page's loading.tsx: shown at once while the page renders on the server, so a click in the
 * navigation answers even when the page behind it takes a moment. Given the page's `header`, it
 * shows that heading above the status, so the heading does not jump when the page replaces it.
 *
 * A loading boundary streams the response, so its status (200) is sent before a page below could
 * call `forbidden()` or `notFound()` and make it 403 or 404. Hence none for the whole dashboard; a
 * list whose detail pages answer 404 keeps its loading.tsx in a route group of its own (inbox,
 * people, reminders: `(list)/`); and an admins-only page checks the role in its layout, which
 * renders above its loading boundary (settings, users).
 */
export function PageLoading({ header }: { header?: { title: string; description?: string } }) {
  const status = (
    <div role="status" aria-busy="true" className="flex items-center gap-3 py-8 text-sm text-slate-600 dark:text-slate-400">
      <span aria-hidden="true" className="h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-emerald-600 motion-reduce:animate-none" />
      Loading…
    </div>
  );
  if (!header) return status;
  return (
    <>
      <PageHeader title={header.title} description={header.description} />
      {status}
    </>
  );
}
