const SAME_ORIGIN = "http://switchboard.invalid";

/**
 * Only same-site paths: a crafted ?next= must not turn sign-in into an open redirect. Browsers
 * drop tabs and newlines and read "\" as "/" when they resolve a URL, so "/\t/evil.example" would
 * become "//evil.example": any control character or backslash is refused, and what is left must
 * resolve to this origin.
 */
export function safeNextPath(next: string | undefined | null): string {
  if (!next || !next.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(next)) return "/";
  let resolved: URL;
  try {
    resolved = new URL(next, SAME_ORIGIN);
  } catch {
    return "/";
  }
  if (resolved.origin !== SAME_ORIGIN || resolved.pathname.startsWith("//") || resolved.pathname === "/login" || resolved.pathname.startsWith("/login/")) return "/";
  return next;
}
