/** `level` 3 for an empty list inside a section that already has its own h2, so the outline stays true. */
export function EmptyState({ title, level = 2, children }: { title: string; level?: 2 | 3; children?: React.ReactNode }) {
  const Heading = level === 3 ? "h3" : "h2";
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center dark:border-slate-700 dark:bg-slate-900">
      <Heading className="text-base font-semibold">{title}</Heading>
      {children ? <div className="mx-auto mt-2 max-w-prose text-sm text-slate-600 dark:text-slate-400">{children}</div> : null}
    </div>
  );
}
