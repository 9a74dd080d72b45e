"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { appSessionSecret } from "@/lib/auth/current";
import { SESSION_COOKIE } from "@/lib/auth/sessions";
import { describeRetry, signIn } from "@/lib/auth/sign-in";
import { appDb } from "@/lib/db";
import { clientIp, pageIsHttps } from "@/lib/http/forwarded";
import { safeNextPath } from "./next-path";

const credentials = z.object({
  email: z.string().trim().toLowerCase().min(1, "Enter your email").max(254, "That email is too long"),
  password: z.string().min(1, "Enter your password").max(200, "That password is too long"),
  next: z.string().optional(),
});

export interface SignInState {
  error?: string;
  email?: string;
}

export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  const parsed = credentials.safeParse({ email: form.get("email"), password: form.get("password"), next: form.get("next") ?? undefined });
  const email = typeof form.get("email") === "string" ? String(form.get("email")) : "";
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Enter your email and password", email };

  const requestHeaders = await headers();
  const result = await signIn(appDb(), appSessionSecret(), {
    email: parsed.data.email,
    password: parsed.data.password,
    ip: clientIp(requestHeaders),
    userAgent: requestHeaders.get("user-agent"),
  });
  if (!result.ok) {
    return { error: result.reason === "throttled" ? describeRetry(result.retryAfterMs) : "Wrong email or password.", email };
  }

  (await cookies()).set(SESSION_COOKIE, result.session.token, {
    httpOnly: true,
    sameSite: "lax",
    secure: pageIsHttps(requestHeaders),
    path: "/",
    // No maxAge: a browser session cookie; the server-side idle expiry ends it sooner.
  });
  redirect(safeNextPath(parsed.data.next));
}
