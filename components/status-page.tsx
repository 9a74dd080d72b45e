import Link from "next/link";
import type { ReactNode } from "react";

/**
 * The 403 and 404 pages. Inside the dashboard its layout already holds the page's one `<main>`;
 * outside it (an unknown address) this page is the main content itself.
 */
export function StatusPage({ landmark, code, title, tone, children }: { landmark: "main" | "div"; code: string; title: string; tone: "neutral" | "alert"; children?: ReactNode }) {
  const Container = landmark;
  return (
    <Container className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-3 p-6 text-center">
      <p className={`text-sm font-semibold tracking-wide uppercase ${tone === "alert" ? "text-rose-600 dark:text-rose-400" : "text-slate-500 dark:text-slate-400"}`}>{code}</p>
      <h1 className="text-2xl font-semibold">{title}</h1>
      {children}
    </Container>
  );
}

export function NotFoundPage({ landmark }: { landmark: "main" | "div" }) {
  return (
    <StatusPage landmark={landmark} code="404" title="Page not found" tone="neutral">
      <Link href="/" className="text-emerald-700 underline dark:text-emerald-400">
        Back to the overview
      </Link>
    </StatusPage>
  );
}

export function ForbiddenPage({ landmark }: { landmark: "main" | "div" }) {
  return (
    <StatusPage landmark={landmark} code="403 · Forbidden" title="Admins only" tone="alert">
      <p className="text-slate-600 dark:text-slate-400">Your account does not have access to this page. Ask an admin if you need it.</p>
      <Link href="/" className="mt-2 rounded-md bg-emerald-700 px-4 py-2 text-sm font-medium text-white hover:bg-emerald-800">
        Back to the overview
      </Link>
    </StatusPage>
  );
}
