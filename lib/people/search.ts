import { z } from "zod";
import { departmentKey, type PeopleCursor, type PeopleFilter } from "@/db/queries/employees";
import { firstValues } from "@/lib/http/params";
import { compareNames } from "@/lib/text";

// Cut to the limit rather than dropped: a long paste still searches for what it starts with.
const text = (max: number) =>
  z
    .string()
    .optional()
    .catch(undefined)
    .transform((value) => value?.trim().slice(0, max).trim() || undefined);

/** "<id>.<name, base64url>": the name rides along so a page stays put when someone is renamed meanwhile. */
export function encodePeopleCursor(cursor: PeopleCursor): string {
  return `${cursor.id}.${Buffer.from(cursor.name, "utf8").toString("base64url")}`;
}

// Room for any stored name (the form allows 120 characters, a CSV import as many): 16 KB of UTF-8.
const MAX_CURSOR_NAME = 22_000;
const CURSOR = new RegExp(`^([1-9]\\d{0,14})\\.([A-Za-z0-9_-]{0,${MAX_CURSOR_NAME}})$`);

export function decodePeopleCursor(value: string | undefined): PeopleCursor | undefined {
  const match = value ? CURSOR.exec(value) : null;
  if (!match) return undefined;
  try {
    // The bytes must be UTF-8: a hand-edited cursor that is not would sort nowhere sensible. (A
    // stored name may itself hold U+FFFD, from files imported before CSVs were decoded on the server.)
    return { id: Number(match[1]), name: new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(match[2]!, "base64url")) };
  } catch {
    return undefined;
  }
}

const cursorParam = z
  .string()
  .optional()
  .catch(undefined)
  .transform((value) => decodePeopleCursor(value));

/**
 * The department filter's value for people with none (stored as an empty department). Not a name
 * anyone gives a department; one that is called this anyway is found by the search box instead.
 */
export const NO_DEPARTMENT = "(none)";

const searchSchema = z.object({
  q: text(200),
  department: text(80),
  after: cursorParam,
  before: cursorParam,
});

export type PeopleSearch = z.infer<typeof searchSchema>;

/** The People URL's query, validated: anything unknown or malformed is ignored (a bad cursor means the first page), never an error page. */
export function parsePeopleSearch(params: Record<string, string | string[] | undefined>): PeopleSearch {
  const search = searchSchema.parse(firstValues(params));
  // Both directions at once come only from a hand-made URL: go forward, as the Next link would.
  return search.after && search.before ? { ...search, before: undefined } : search;
}

/**
 * Whether the URL should be rewritten before the page is shown: the GET form submits empty fields,
 * a search past its length is cut, and a cursor that could not be read is dropped, so the address
 * always says what the page shows.
 */
export function needsCleanUrl(params: Record<string, string | string[] | undefined>, search: PeopleSearch): boolean {
  const raw = firstValues(params);
  const changed = (key: "q" | "department") => raw[key] !== undefined && raw[key] !== search[key];
  return Object.values(raw).some((value) => value === "") || changed("q") || changed("department") || (raw.after !== undefined && !search.after) || (raw.before !== undefined && !search.before);
}

export function toPeopleFilter(search: PeopleSearch): PeopleFilter & { after?: PeopleCursor; before?: PeopleCursor } {
  return { q: search.q, department: search.department === NO_DEPARTMENT ? "" : search.department, after: search.after, before: search.before };
}

/** The query string for these filters, without paging, plus a cursor to page with. */
export function peopleQuery(search: PeopleSearch, page: { after?: PeopleCursor; before?: PeopleCursor } = {}): string {
  const params = new URLSearchParams();
  if (search.q) params.set("q", search.q);
  if (search.department) params.set("department", search.department);
  if (page.after) params.set("after", encodePeopleCursor(page.after));
  else if (page.before) params.set("before", encodePeopleCursor(page.before));
  const query = params.toString();
  return query ? `?${query}` : "";
}

/** The list as the URL had it: its filters and the page it was on. Only ever a path under /people. */
export function peopleListHref(search: PeopleSearch): string {
  return `/people${peopleQuery(search, { after: search.after, before: search.before })}`;
}

/**
 * A person's page, carrying the list's filters and page in its own query (the same names, read by
 * parsePeopleSearch there), so "← People" returns to where the reader was.
 */
export function personHref(id: number, search: PeopleSearch): string {
  return `/people/${id}${peopleQuery(search, { after: search.after, before: search.before })}`;
}

/** The export of what the list shows: every page of its current filter, never only the page in view. */
export function peopleExportHref(search: PeopleSearch): string {
  return `/people/export${peopleQuery(search)}`;
}

/** The export link's words: what the file will hold, the filter's matches or everyone. */
export function peopleExportLabel(search: PeopleSearch, total: number): string {
  return hasPeopleFilters(search) ? `Export ${total.toLocaleString("en")} matching` : "Export all";
}

export function hasPeopleFilters(search: PeopleSearch): boolean {
  return Boolean(search.q || search.department);
}

/**
 * The department choices, in reading order: every department on record, and the one in the URL even
 * if nobody is in it any more (the filter offers "No department" on its own, first).
 */
export function departmentChoices(departments: readonly string[], current: string | undefined): string[] {
  const listed = departmentAsListed(departments, current);
  const choices = listed && !departments.includes(listed) ? [...departments, listed] : [...departments];
  return choices.filter((department) => department !== NO_DEPARTMENT).toSorted(compareNames);
}

/** The URL's department as the choices spell it when it is one of them case aside ("compliance" is "Compliance"), else as given. */
export function departmentAsListed(departments: readonly string[], current: string | undefined): string | undefined {
  if (!current || current === NO_DEPARTMENT) return current;
  return departments.find((department) => departmentKey(department) === departmentKey(current)) ?? current;
}
