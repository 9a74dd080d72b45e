import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/current";
import { LoginForm } from "./login-form";
import { safeNextPath } from "./next-path";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  const nextPath = safeNextPath(typeof next === "string" ? next : undefined);
  if (await currentUser()) redirect(nextPath);
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <p className="text-lg font-semibold">
          <span aria-hidden="true" className="mr-1 text-emerald-600">●</span>Switchboard
        </p>
        <h1 className="mt-4 mb-6 text-2xl font-semibold tracking-tight">Sign in</h1>
        <LoginForm next={nextPath} />
      </div>
    </main>
  );
}
