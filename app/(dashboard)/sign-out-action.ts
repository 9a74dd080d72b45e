"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { appSessionSecret, authorizeAction } from "@/lib/auth/current";
import { endSession, SESSION_COOKIE } from "@/lib/auth/sessions";
import { recordAudit } from "@/lib/audit";
import { appDb } from "@/lib/db";

export async function signOut(): Promise<void> {
  const jar = await cookies();
  const token = jar.get(SESSION_COOKIE)?.value;
  const auth = await authorizeAction();
  if (token) endSession(appDb(), appSessionSecret(), token);
  if ("actor" in auth) recordAudit(appDb(), auth.actor, "auth.sign_out", { target: auth.user.email });
  jar.delete(SESSION_COOKIE);
  redirect("/login");
}
