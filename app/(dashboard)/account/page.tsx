import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { SECTION_CLASS } from "@/components/ui";
import { requirePageUser } from "@/lib/auth/current";
import { accountNotice } from "./notices";
import { ChangePasswordForm } from "./password-form";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser();
  const notice = accountNotice((await searchParams).notice);
  return (
    <>
      <PageHeader title="Your account" description="Who you are signed in as, and your password." />
      {notice ? (
        <p role="status" className="mb-6 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          {notice}
        </p>
      ) : null}
      <section aria-labelledby="signed-in-as" className={`mb-6 ${SECTION_CLASS}`}>
        <h2 id="signed-in-as" className="mb-3 text-lg font-semibold">Signed in as</h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-600 dark:text-slate-400">Email</dt>
          <dd>{user.email}</dd>
          {user.name ? (
            <>
              <dt className="text-slate-600 dark:text-slate-400">Name</dt>
              <dd>{user.name}</dd>
            </>
          ) : null}
          <dt className="text-slate-600 dark:text-slate-400">Role</dt>
          <dd>{user.role === "admin" ? "Admin: settings, users and everything staff do" : "Staff: inbox, people, reminders, approvals, analytics and logs"}</dd>
        </dl>
      </section>
      <section aria-labelledby="change-password" className={SECTION_CLASS}>
        <h2 id="change-password" className="mb-1 text-lg font-semibold">Change your password</h2>
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">You stay signed in here; every other browser signed in as you is signed out.</p>
        <ChangePasswordForm email={user.email} />
      </section>
    </>
  );
}
