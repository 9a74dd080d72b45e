import { inboxRows } from "@/db/queries/inbox";
import { userEmails } from "@/db/queries/users";
import { recordAudit } from "@/lib/audit";
import { userFromRequest } from "@/lib/auth/request";
import { appDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { logError } from "@/lib/errors";
import { clientIp } from "@/lib/http/forwarded";
import { csvStream } from "@/lib/inbox/csv";
import { numberProblem, parseInboxSearch, searchQuery, toFilter } from "@/lib/inbox/filter";

export const dynamic = "force-dynamic";

/** CSV of the inbox's current filter, streamed in keyset batches; every export is audit-logged. */
export function GET(request: Request) {
  const db = appDb();
  const user = userFromRequest(db, request, getEnv().sessionSecret);
  if (!user) return Response.json({ error: "Sign in to export messages." }, { status: 401 });
  const search = parseInboxSearch(Object.fromEntries(new URL(request.url).searchParams));
  // Exporting everything for a number filter that could not apply would hand over the wrong file.
  const problem = numberProblem(search);
  if (problem) {
    logError(db, "inbox.export", "invalid filter", { detail: `number=${search.number ?? ""}: ${problem}` });
    return Response.json({ error: problem }, { status: 400 });
  }
  const { before: _before, after: _after, ...filter } = toFilter(search);
  recordAudit(db, { id: user.id, label: user.email, ip: clientIp(request.headers) }, "inbox.export", { target: searchQuery(search) || "(all messages)", after: search });
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
  return new Response(csvStream(inboxRows(db, filter), userEmails(db)), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="switchboard-messages-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
}
