import type { PublicUser } from "@/db/queries/users";
import type { Db } from "@/db/client";
import { sessionSecret } from "@/lib/settings";
import { resolveSession, SESSION_COOKIE } from "./sessions";

export function cookieValue(header: string | null, name: string): string | undefined {
  for (const part of header?.split(";") ?? []) {
    const [key, ...rest] = part.trim().split("=");
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join("="));
    } catch {
      // A malformed escape is no session, not a 500.
      return undefined;
    }
  }
  return undefined;
}

/** The signed-in user of a route-handler request (API routes answer 401 rather than redirect). */
export function userFromRequest(db: Db, request: Request, configuredSecret: string | undefined): PublicUser | undefined {
  return resolveSession(db, sessionSecret(db, configuredSecret), cookieValue(request.headers.get("cookie"), SESSION_COOKIE))?.user;
}
