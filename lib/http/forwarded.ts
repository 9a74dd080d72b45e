/**
 * Request facts the custom server (scripts/server.ts) has already made trustworthy: it drops
 * client-sent X-Forwarded-* unless TRUST_PROXY=true, so these headers are safe to read here.
 */
export interface HeaderReader {
  get(name: string): string | null;
}

export function clientIp(headers: HeaderReader): string {
  // With one trusted proxy in front, the right-most entry is the one it appended.
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  return last || "unknown";
}

export function requestOrigin(headers: HeaderReader): string {
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https" ? "https" : "http";
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host") || "localhost";
  return `${proto}://${host}`;
}

export const REQUEST_PATH_HEADER = "x-switchboard-path";
