import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-3 p-6 text-center">
      <p className="text-sm font-semibold tracking-wide text-rose-600 uppercase">403 · Forbidden</p>
      <h1 className="text-2xl font-semibold">Admins only</h1>
      <p className="text-slate-600 dark:text-slate-400">Your account does not have access to this page. Ask an admin if you need it.</p>
      <Link href="/" className="mt-2 rounded-md bg-emerald-700 px-4 py-2 text-sm font-medium text-white hover:bg-emerald-800">
        Back to the overview
      </Link>
    </main>
  );
}
