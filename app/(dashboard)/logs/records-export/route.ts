import { recordAudit } from "@/lib/audit";
import { userFromRequest } from "@/lib/auth/request";
import { appDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { clientIp } from "@/lib/http/forwarded";
import { isBrowserNavigation } from "@/lib/http/navigation";
import { utcDayParam } from "@/lib/http/params";
import { logError } from "@/lib/errors";
import { ExportCanceled, streamBundle } from "@/lib/records/export";

export const dynamic = "force-dynamic";

/** Admins download a signed bundle of a period's messages for a regulator (UTC days, both included). */
export async function GET(request: Request) {
  const db = appDb();
  const user = userFromRequest(db, request, getEnv().sessionSecret);
  if (!user) return Response.json({ error: "Sign in to export records." }, { status: 401 });
  if (user.role !== "admin") return Response.json({ error: "Only admins can export records." }, { status: 403 });
  const query = new URL(request.url).searchParams;
  const from = utcDayParam.parse(query.get("from") ?? undefined);
  const to = utcDayParam.parse(query.get("to") ?? undefined);
  if (!from || !to || from > to) {
    // A browser that followed the form gets the Logs page back with the reason, not a JSON body.
    if (isBrowserNavigation(request.headers)) return new Response(null, { status: 303, headers: { location: "/logs?exportProblem=range#records-heading" } });
    return Response.json({ error: "Give from and to as dates (YYYY-MM-DD), from not after to." }, { status: 400 });
  }
  const actor = { id: user.id, label: user.email, ip: clientIp(request.headers) };
  const target = `${from} – ${to}`;
  // Audited when it starts (messages leave as the download reads them) and again when it ends,
  // completed with the hash a regulator can check, or canceled or failed partway.
  recordAudit(db, actor, "records.export", { target, after: { period: { from, to }, outcome: "started" } });
  const { stream, manifest } = streamBundle(db, { from: new Date(`${from}T00:00:00Z`), to: new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000) });
  manifest
    .then(
      (done) => recordAudit(db, actor, "records.export_complete", { target, after: { messages: done.messages.total, csvSha256: done.csv.sha256 } }),
      (error: unknown) => {
        if (error instanceof ExportCanceled) {
          recordAudit(db, actor, "records.export_canceled", { target, after: { messagesRead: error.rowsRead } });
          return;
        }
        const detail = `${target}: ${error instanceof Error ? error.message : String(error)}`;
        logError(db, "records.export", "export failed", { detail });
        recordAudit(db, actor, "records.export_failed", { target, after: { error: detail } });
      },
    )
    .catch((error: unknown) => console.error("Could not record the export's outcome", error));
  return new Response(stream, {
    headers: { "content-type": "application/zip", "content-disposition": `attachment; filename="switchboard-records-${from}-to-${to}.zip"`, "cache-control": "no-store" },
  });
}
