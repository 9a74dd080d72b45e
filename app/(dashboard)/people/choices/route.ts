import { userFromRequest } from "@/lib/auth/request";
import { appDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { findChoices } from "@/lib/people/choices";

export const dynamic = "force-dynamic";

/** The manager and approver pickers' matches: at most a screenful of active people for the typed text. */
export function GET(request: Request) {
  const db = appDb();
  if (!userFromRequest(db, request, getEnv().sessionSecret)) return Response.json({ error: "Your session has ended. Sign in again." }, { status: 401 });
  const people = findChoices(db, Object.fromEntries(new URL(request.url).searchParams));
  return Response.json({ people }, { headers: { "cache-control": "no-store" } });
}
