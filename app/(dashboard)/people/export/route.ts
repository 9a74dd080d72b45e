import { countPeople, peopleRows } from "@/db/queries/employees";
import { recordAudit } from "@/lib/audit";
import { userFromRequest } from "@/lib/auth/request";
import { appDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { clientIp } from "@/lib/http/forwarded";
import { peopleCsvStream } from "@/lib/people/csv";
import { parsePeopleSearch, peopleQuery, toPeopleFilter } from "@/lib/people/search";

export const dynamic = "force-dynamic";

/**
 * The People list's current search and department filter as CSV (every page of it, none when no
 * filter), in the columns the importer reads back, streamed in keyset batches; every export is audited.
 */
export function GET(request: Request) {
  const db = appDb();
  const user = userFromRequest(db, request, getEnv().sessionSecret);
  if (!user) return Response.json({ error: "Sign in to export people." }, { status: 401 });
  const search = parsePeopleSearch(Object.fromEntries(new URL(request.url).searchParams));
  const { after: _after, before: _before, ...filter } = toPeopleFilter(search);
  recordAudit(db, { id: user.id, label: user.email, ip: clientIp(request.headers) }, "people.export", {
    target: peopleQuery(search).slice(1) || "(everyone)",
    after: { ...filter, rows: countPeople(db, filter) },
  });
  return new Response(peopleCsvStream(peopleRows(db, filter)), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="switchboard-people.csv"', "cache-control": "no-store" },
  });
}
