import { listEmployees } from "@/db/queries/employees";
import { recordAudit } from "@/lib/audit";
import { userFromRequest } from "@/lib/auth/request";
import { appDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { clientIp } from "@/lib/http/forwarded";
import { csvLine } from "@/lib/inbox/csv";

export const dynamic = "force-dynamic";

/** The people list as CSV, in the columns the importer reads back. */
export function GET(request: Request) {
  const db = appDb();
  const user = userFromRequest(db, request, getEnv().sessionSecret);
  if (!user) return Response.json({ error: "Sign in to export people." }, { status: 401 });
  const people = listEmployees(db);
  const codes = new Map(people.map((person) => [person.id, person.employeeCode]));
  const body =
    "\uFEFF" +
    csvLine(["name", "employee_code", "phone", "department", "manager_code", "approver", "active"]) +
    people.map((person) => csvLine([person.name, person.employeeCode, person.phone, person.department, person.managerId ? codes.get(person.managerId) : "", person.approver ? "yes" : "no", person.active ? "yes" : "no"])).join("");
  recordAudit(db, { id: user.id, label: user.email, ip: clientIp(request.headers) }, "people.export", { after: { rows: people.length } });
  return new Response(body, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="switchboard-people.csv"', "cache-control": "no-store" } });
}
