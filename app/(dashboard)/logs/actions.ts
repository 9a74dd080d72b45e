"use server";

import { recordAudit } from "@/lib/audit";
import { authorizeAction } from "@/lib/auth/current";
import { appDb } from "@/lib/db";
import { describeReport, verifyRecordsInTurns } from "@/lib/records/verify";

export type VerifyState = { ok?: boolean; error?: string; report?: string; intact?: boolean };

export async function verifyRecordsAction(): Promise<VerifyState> {
  const auth = await authorizeAction("admin");
  if ("refusal" in auth) return auth.refusal;
  const db = appDb();
  const report = await verifyRecordsInTurns(db);
  recordAudit(db, auth.actor, "records.verify", { after: { intact: report.intact } });
  return { ok: true, intact: report.intact, report: describeReport(report) };
}
