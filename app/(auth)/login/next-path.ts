/** Only same-site paths: a crafted ?next=https://evil.example must not turn sign-in into an open redirect. */
export function safeNextPath(next: string | undefined | null): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || next.startsWith("/login")) return "/";
  return next;
}
