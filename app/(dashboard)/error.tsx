"use client";

// `retry` (Next 16) refetches the segment from the server and then re-renders it; `reset` only
// re-renders what the client already has, which for a page whose server render failed is the
// same error again.
export default function DashboardError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <div role="alert" className="rounded-xl border border-rose-300 bg-rose-50 p-6 text-rose-900 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100">
      <h2 className="text-lg font-semibold">Something went wrong loading this page</h2>
      <p className="mt-1 text-sm">Try again; if it keeps happening, the error log has the details{error.digest ? ` (reference ${error.digest})` : ""}.</p>
      <button type="button" onClick={retry} className="mt-3 rounded-md bg-rose-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-rose-800">
        Try again
      </button>
    </div>
  );
}
