import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { SECTION_CLASS } from "@/components/ui";
import { departments, peoplePage, type PeoplePage, type PersonRow } from "@/db/queries/employees";
import { requirePageUser } from "@/lib/auth/current";
import { appDb } from "@/lib/db";
import { departmentAsListed, departmentChoices, hasPeopleFilters, needsCleanUrl, NO_DEPARTMENT, parsePeopleSearch, peopleExportHref, peopleExportLabel, peopleQuery, personHref, toPeopleFilter, type PeopleSearch } from "@/lib/people/search";
import { PAGE_HEADERS } from "../../page-headers";
import { PeopleFilters } from "../filters";
import { ImportForm } from "../import-form";
import { PersonForm } from "../person-form";

export const metadata: Metadata = { title: "People" };

const PAGE_SIZE = 50;
const LINK_CLASS = "text-emerald-700 underline dark:text-emerald-400";

export default async function PeoplePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser();
  const params = await searchParams;
  const search = parsePeopleSearch(params);
  if (needsCleanUrl(params, search)) redirect(`/people${peopleQuery(search, { after: search.after, before: search.before })}`);
  const db = appDb();
  const page = peoplePage(db, toPeopleFilter(search), PAGE_SIZE);
  // Nobody on record and nothing asked for: a search form would only be in the way of adding someone.
  const nobody = page.total === 0 && !hasPeopleFilters(search);
  const onRecord = departments(db);
  return (
    <>
      <PageHeader {...PAGE_HEADERS.people}>
        {/* What the list shows, every page of it; nothing to offer when the filter matches no one. */}
        {page.total === 0 && hasPeopleFilters(search) ? null : (
          <a href={peopleExportHref(search)} download className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-800">
            {peopleExportLabel(search, page.total)} <span className="font-normal text-slate-500 dark:text-slate-400">(CSV)</span>
          </a>
        )}
      </PageHeader>
      <div className="space-y-6">
        <section aria-labelledby="people-list" className="rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <h2 id="people-list" className="px-5 pt-5 text-lg font-semibold">Everyone</h2>
          {nobody ? null : <PeopleFilters search={{ ...search, department: departmentAsListed(onRecord, search.department) }} departments={departmentChoices(onRecord, search.department)} />}
          <PeopleResults search={search} page={page} />
        </section>
        <section aria-labelledby="add-person" className={SECTION_CLASS}>
          <h2 id="add-person" className="mb-3 text-lg font-semibold">Add a person</h2>
          <PersonForm departments={onRecord} />
        </section>
        <section aria-labelledby="import-heading" className={SECTION_CLASS}>
          <h2 id="import-heading" tabIndex={-1} className="mb-3 text-lg font-semibold">Import from CSV</h2>
          <ImportForm headingId="import-heading" />
        </section>
      </div>
    </>
  );
}

/** “priya” in Risk: what the list was narrowed to, in words. */
function narrowedTo(search: PeopleSearch): string {
  return [search.q ? `matching “${search.q}”` : null, search.department === NO_DEPARTMENT ? "without a department" : search.department ? `in ${search.department}` : null].filter(Boolean).join(" ");
}

function PeopleResults({ search, page }: { search: PeopleSearch; page: PeoplePage }) {
  const filtered = hasPeopleFilters(search);
  if (page.total === 0) {
    return (
      <div className="p-5">
        {filtered ? (
          <EmptyState level={3} title={`No one ${narrowedTo(search)}`}>
            Search by part of a name, employee code, department or number, or <Link href="/people" className={LINK_CLASS}>clear the filters</Link>.
          </EmptyState>
        ) : (
          <EmptyState level={3} title="No people yet">
            <a href="#add-person" className={LINK_CLASS}>Add one</a> or <a href="#import-heading" className={LINK_CLASS}>import a CSV</a> below.
          </EmptyState>
        )}
      </div>
    );
  }
  if (page.rows.length === 0) {
    // Only a link kept from before people were removed or renamed lands past the end.
    return (
      <div className="p-5">
        <EmptyState level={3} title="No more people">
          <Link href={`/people${peopleQuery(search)}`} className={LINK_CLASS}>Back to the first page</Link>
        </EmptyState>
      </div>
    );
  }
  const from = page.offset + 1;
  const to = page.offset + page.rows.length;
  return (
    <>
      <p id="people-count" className="px-5 pt-3 text-sm text-slate-600 dark:text-slate-400">
        Showing {from === to ? from.toLocaleString("en") : `${from.toLocaleString("en")}–${to.toLocaleString("en")}`} of {page.total.toLocaleString("en")}
        {filtered ? ` ${narrowedTo(search)}` : null}
      </p>
      <div className="overflow-x-auto">
        <table aria-labelledby="people-list" aria-describedby="people-count" className="mt-3 w-full text-left text-sm">
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
            {page.rows.map((person) => <Row key={person.id} person={person} href={personHref(person.id, search)} />)}
          </tbody>
        </table>
      </div>
      {page.previous || page.next ? (
        <nav aria-label="Pages" className="flex justify-between gap-4 border-t border-slate-200 px-5 py-3 text-sm dark:border-slate-800">
          {page.previous ? <Link href={`/people${peopleQuery(search, { before: page.previous })}`} rel="prev" className={LINK_CLASS}><span aria-hidden="true">← </span>Previous</Link> : <span />}
          {page.next ? <Link href={`/people${peopleQuery(search, { after: page.next })}`} rel="next" className={LINK_CLASS}>Next<span aria-hidden="true"> →</span></Link> : null}
        </nav>
      ) : (
        <div className="pb-2" />
      )}
    </>
  );
}

function Row({ person, href }: { person: PersonRow; href: string }) {
  return (
    // Greyed, but readable (AA): "inactive" in the last column says why.
    <tr className={person.active ? undefined : "text-slate-500 dark:text-slate-400"}>
      <td className="px-5 py-2"><Link href={href} className="font-medium text-emerald-800 underline-offset-2 hover:underline dark:text-emerald-300">{person.name}</Link></td>
      <td className="px-3 py-2 font-mono text-xs">{person.employeeCode}</td>
      <td className="px-3 py-2 font-mono text-xs">{person.phone}</td>
      <td className="px-3 py-2">{person.department || "—"}</td>
      <td className="px-3 py-2">{person.managerName ?? "—"}</td>
      <td className="px-3 py-2">{[person.approver ? "approver" : null, person.active ? null : "inactive"].filter(Boolean).join(", ") || "—"}</td>
    </tr>
  );
}
