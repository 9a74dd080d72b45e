import Link from "next/link";
import { INPUT_CLASS, SECONDARY_BUTTON_CLASS } from "@/components/ui";
import { hasPeopleFilters, NO_DEPARTMENT, peopleQuery, type PeopleSearch } from "@/lib/people/search";

const LABEL = "block text-xs font-medium text-slate-600 dark:text-slate-400";

/** A plain GET form, as the inbox's: the search lives in the URL (shareable, back button works), and it starts again at the first page. */
export function PeopleFilters({ search, departments }: { search: PeopleSearch; departments: string[] }) {
  return (
    <form method="get" action="/people" role="search" aria-label="Find people" className="flex flex-wrap items-end gap-3 px-5 pt-3" key={peopleQuery(search)}>
      <div className="min-w-56 flex-1">
        <label htmlFor="people-q" className={LABEL}>Search</label>
        <input id="people-q" name="q" type="search" maxLength={200} defaultValue={search.q} placeholder="Name, employee code, department or WhatsApp number" className={INPUT_CLASS} />
      </div>
      <div className="min-w-44">
        <label htmlFor="people-department" className={LABEL}>Department</label>
        <select id="people-department" name="department" defaultValue={search.department ?? ""} className={INPUT_CLASS}>
          <option value="">All departments</option>
          <option value={NO_DEPARTMENT}>No department</option>
          {departments.map((department) => <option key={department} value={department}>{department}</option>)}
        </select>
      </div>
      <div className="flex items-center gap-3 pb-0.5">
        <button type="submit" className={SECONDARY_BUTTON_CLASS}>Search</button>
        {hasPeopleFilters(search) ? <Link href="/people" className="text-sm text-emerald-700 underline dark:text-emerald-400">Clear</Link> : null}
      </div>
    </form>
  );
}
