import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { listUsers } from "@/db/queries/users";
import { requirePageUser } from "@/lib/auth/current";
import { appDb } from "@/lib/db";
import { PAGE_HEADERS } from "../page-headers";
import { AddUserForm, UserActions } from "./user-forms";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const me = await requirePageUser("admin");
  const users = listUsers(appDb());
  return (
    <>
      <PageHeader {...PAGE_HEADERS.users} />
      <section aria-labelledby="add-user" className="mb-6 rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
        <h2 id="add-user" className="mb-3 text-lg font-semibold">Add a user</h2>
        <AddUserForm />
      </section>
      <section aria-labelledby="all-users" className="rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <h2 id="all-users" className="px-5 pt-5 text-lg font-semibold">All users ({users.length})</h2>
        <ul className="divide-y divide-slate-200 dark:divide-slate-800">
          {users.map((user) => (
            <li key={user.id} className="flex flex-col gap-3 p-5 sm:flex-row sm:items-start sm:justify-between">
              <div>
                <p className="font-medium">
                  {user.name || user.email}
                  {user.id === me.id ? <span className="ml-2 text-xs text-slate-500 dark:text-slate-400">(you)</span> : null}
                </p>
                <p className="text-sm text-slate-600 dark:text-slate-400">{user.email}</p>
                <p className="mt-1 text-xs">
                  <span className="rounded bg-slate-200 px-1.5 py-0.5 dark:bg-slate-700">{user.role}</span>{" "}
                  {user.active ? null : <span className="rounded bg-rose-100 px-1.5 py-0.5 text-rose-900 dark:bg-rose-900 dark:text-rose-100">deactivated</span>}
                </p>
              </div>
              <UserActions userId={user.id} email={user.email} role={user.role} active={user.active} isSelf={user.id === me.id} />
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
