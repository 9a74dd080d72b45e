import "server-only";
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import type { PublicUser } from "@/db/queries/users";
import type { Role } from "@/db/schema";
import type { Actor } from "@/lib/audit";
import { appDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { clientIp, REQUEST_PATH_HEADER } from "@/lib/http/forwarded";
import { sessionSecret } from "@/lib/settings";
import { resolveSession, SESSION_COOKIE, sessionId } from "./sessions";

export function appSessionSecret(): string {
  return sessionSecret(appDb(), getEnv().sessionSecret);
}

/** The signed-in user of this request, looked up once per render. */
export const currentUser = cache(async (): Promise<PublicUser | undefined> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return resolveSession(appDb(), appSessionSecret(), token)?.user;
});

/** The stored id of this request's session, if it carries one. */
export async function currentSessionId(): Promise<string | undefined> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return token ? sessionId(token, appSessionSecret()) : undefined;
}

/** For pages: the user, or a redirect to sign-in that returns here afterwards. */
export async function requirePageUser(role?: Role): Promise<PublicUser> {
  const user = await currentUser();
  if (!user) {
    const path = (await headers()).get(REQUEST_PATH_HEADER) ?? "/";
    redirect(path === "/" ? "/login" : `/login?next=${encodeURIComponent(path)}`);
  }
  if (role === "admin" && user.role !== "admin") forbidden();
  return user;
}

export async function actorFor(user: PublicUser): Promise<Actor> {
  return { id: user.id, label: user.email, ip: clientIp(await headers()) };
}

/** `field`: the name of the input the refusal is about, when one is (see lib/forms/refusal.ts). */
export type ActionRefusal = { ok: false; error: string; field?: string; status: 401 | 403 | 400 | 409 };
export type ActionResult<T = undefined> = { ok: true; data?: T; message?: string } | ActionRefusal;

/** For server actions: the user and their audit identity, or the refusal to return. */
export async function authorizeAction(role?: Role): Promise<{ user: PublicUser; actor: Actor } | { refusal: ActionRefusal }> {
  const user = await currentUser();
  if (!user) return { refusal: { ok: false, status: 401, error: "Your session has ended. Sign in again." } };
  if (role === "admin" && user.role !== "admin") return { refusal: { ok: false, status: 403, error: "Only admins can do this." } };
  return { user, actor: await actorFor(user) };
}
