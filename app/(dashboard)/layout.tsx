import Link from "next/link";
import { NavLinks, type NavItem } from "@/components/nav-links";
import { requirePageUser } from "@/lib/auth/current";
import { isSimulatorMode } from "@/lib/emulator/client";
import { getEnv } from "@/lib/env";
import { signOut } from "./sign-out-action";

const NAV: NavItem[] = [
  { href: "/", label: "Overview" },
  { href: "/inbox", label: "Inbox" },
  { href: "/analytics", label: "Analytics" },
  { href: "/people", label: "People" },
  { href: "/reminders", label: "Reminders" },
  { href: "/approvals", label: "Approvals" },
  { href: "/logs", label: "Logs" },
  { href: "/settings", label: "Settings" },
];
const ADMIN_NAV: NavItem[] = [{ href: "/users", label: "Users" }];
const SIMULATOR_NAV: NavItem = { href: "/simulator", label: "Simulator" };

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser();
  const base = isSimulatorMode(getEnv()) ? [...NAV.slice(0, 2), SIMULATOR_NAV, ...NAV.slice(2)] : NAV;
  const items = user.role === "admin" ? [...base, ...ADMIN_NAV] : base.filter((item) => item.href !== "/settings");
  return (
    <div className="min-h-screen md:flex">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-10 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-slate-900">
        Skip to content
      </a>
      <aside className="border-b border-slate-200 bg-white md:sticky md:top-0 md:h-screen md:w-56 md:shrink-0 md:border-r md:border-b-0 dark:border-slate-800 dark:bg-slate-900">
        <div className="flex items-center justify-between gap-2 px-4 py-3 md:block">
          <p className="text-lg font-semibold tracking-tight">
            <span aria-hidden="true" className="mr-1 text-emerald-600">●</span>Switchboard
          </p>
        </div>
        <nav aria-label="Main" className="px-2 pb-2 md:pb-4">
          <NavLinks items={items} />
        </nav>
        <div className="hidden border-t border-slate-200 px-4 py-3 text-sm md:block dark:border-slate-800">
          <UserBox email={user.email} role={user.role} />
        </div>
      </aside>
      <div className="flex-1">
        <div className="flex items-center justify-end gap-3 border-b border-slate-200 px-4 py-2 text-sm md:hidden dark:border-slate-800">
          <UserBox email={user.email} role={user.role} />
        </div>
        <main id="main" className="mx-auto max-w-5xl p-4 md:p-8">
          {children}
        </main>
      </div>
    </div>
  );
}

function UserBox({ email, role }: { email: string; role: string }) {
  return (
    <div className="flex items-center gap-3 md:flex-col md:items-start md:gap-1">
      <p className="truncate" title={email}>
        {email} <span className="rounded bg-slate-200 px-1.5 py-0.5 text-xs text-slate-700 dark:bg-slate-700 dark:text-slate-200">{role}</span>
      </p>
      <div className="flex items-center gap-3">
        <Link href="/account" className="text-emerald-700 underline hover:text-emerald-900 dark:text-emerald-400">
          Your account
        </Link>
        <form action={signOut}>
          <button type="submit" className="text-emerald-700 underline hover:text-emerald-900 dark:text-emerald-400">
            Sign out
          </button>
        </form>
      </div>
    </div>
  );
}
