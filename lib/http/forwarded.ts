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

/**
 * Whether browsers reach us over https: a trusted proxy says this request did, or PUBLIC_BASE_URL
 * is https (then every browser-facing URL is). HSTS and the session cookie's Secure flag follow
 * this one rule, so a cookie is never sent in clear to a site that announced it is https-only.
 */
export function servedOverHttps(headers: HeaderReader, publicBaseUrl: string | undefined): boolean {
  return requestOrigin(headers).startsWith("https://") || Boolean(publicBaseUrl?.startsWith("https://"));
}

export const REQUEST_PATH_HEADER = "x-switchboard-path";
