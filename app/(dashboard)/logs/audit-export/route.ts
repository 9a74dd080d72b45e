import { auditRows } from "@/db/queries/audit";
import { recordAudit } from "@/lib/audit";
import { auditCsvStream } from "@/lib/audit/csv";
import { auditFilterParams, parseAuditSearch, toAuditFilter } from "@/lib/audit/filter";
import { userFromRequest } from "@/lib/auth/request";
import { appDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { clientIp } from "@/lib/http/forwarded";

export const dynamic = "force-dynamic";

/** CSV of the audit trail's current filter (admins), streamed in keyset batches; every export is itself audited. */
export function GET(request: Request) {
  const db = appDb();
  const user = userFromRequest(db, request, getEnv().sessionSecret);
  if (!user) return Response.json({ error: "Sign in to export the audit trail." }, { status: 401 });
  if (user.role !== "admin") return Response.json({ error: "Only admins can export the audit trail." }, { status: 403 });
  const search = parseAuditSearch(Object.fromEntries(new URL(request.url).searchParams));
  const { before: _before, after: _after, ...filter } = toAuditFilter(search);
  const applied = Object.fromEntries(Object.entries(auditFilterParams(search)).filter((entry): entry is [string, string] => Boolean(entry[1])));
  // Written before the first row is read: an export whose filter matches its own entry lists it.
  recordAudit(db, { id: user.id, label: user.email, ip: clientIp(request.headers) }, "records.audit_export", {
    target: new URLSearchParams(applied).toString() || "(whole audit trail)",
    after: Object.keys(applied).length ? applied : undefined,
  });
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
  return new Response(auditCsvStream(auditRows(db, filter)), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="switchboard-audit-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
}
