import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { SECTION_CLASS } from "@/components/ui";
import { listEmployees } from "@/db/queries/employees";
import { requirePageUser } from "@/lib/auth/current";
import { appDb } from "@/lib/db";
import { PAGE_HEADERS } from "../../page-headers";
import { ImportForm } from "../import-form";
import { PersonForm } from "../person-form";

export const metadata: Metadata = { title: "People" };

export default async function PeoplePage() {
  await requirePageUser();
  const people = listEmployees(appDb());
  const names = new Map(people.map((person) => [person.id, person.name]));
  return (
    <>
      <PageHeader {...PAGE_HEADERS.people}>
        <a href="/people/export" download className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-800">Export CSV</a>
      </PageHeader>
      <div className="space-y-6">
        <section aria-labelledby="people-list" className="overflow-x-auto rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <h2 id="people-list" className="px-5 pt-5 text-lg font-semibold">Everyone ({people.length})</h2>
          {people.length === 0 ? (
            <div className="p-5"><EmptyState title="No people yet">Add someone below or import a CSV.</EmptyState></div>
          ) : (
            <table className="mt-3 w-full text-left text-sm">
              <thead className="border-y border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
                <tr>
                  <th scope="col" className="px-5 py-2 font-medium">Name</th>
                  <th scope="col" className="px-3 py-2 font-medium">Code</th>
                  <th scope="col" className="px-3 py-2 font-medium">WhatsApp</th>
                  <th scope="col" className="px-3 py-2 font-medium">Department</th>
                  <th scope="col" className="px-3 py-2 font-medium">Manager</th>
                  <th scope="col" className="px-3 py-2 font-medium">Roles</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {people.map((person) => (
                  <tr key={person.id} className={person.active ? undefined : "text-slate-400"}>
                    <td className="px-5 py-2"><Link href={`/people/${person.id}`} className="font-medium text-emerald-800 underline-offset-2 hover:underline dark:text-emerald-300">{person.name}</Link></td>
                    <td className="px-3 py-2 font-mono text-xs">{person.employeeCode}</td>
                    <td className="px-3 py-2 font-mono text-xs">{person.phone}</td>
                    <td className="px-3 py-2">{person.department || "—"}</td>
                    <td className="px-3 py-2">{person.managerId ? names.get(person.managerId) : "—"}</td>
                    <td className="px-3 py-2">{[person.approver ? "approver" : null, person.active ? null : "inactive"].filter(Boolean).join(", ") || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section aria-labelledby="add-person" className={SECTION_CLASS}>
          <h2 id="add-person" className="mb-3 text-lg font-semibold">Add a person</h2>
          <PersonForm managers={people} />
        </section>
        <section aria-labelledby="import-heading" className={SECTION_CLASS}>
          <h2 id="import-heading" className="mb-3 text-lg font-semibold">Import from CSV</h2>
          <ImportForm />
        </section>
      </div>
    </>
  );
}
