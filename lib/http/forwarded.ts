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
 * Whether browsers reach us over https, for HSTS: a trusted proxy says this request did, or
 * PUBLIC_BASE_URL is https (then that is the address browsers are given).
 */
export function servedOverHttps(headers: HeaderReader, publicBaseUrl: string | undefined): boolean {
  return requestOrigin(headers).startsWith("https://") || Boolean(publicBaseUrl?.startsWith("https://"));
}

/**
 * Whether the page that sent this request is https, for the session cookie's Secure flag: a
 * browser names its page in Origin on every POST (it cannot be made to lie), and a trusted proxy
 * may say so too. Deciding from the page, not from PUBLIC_BASE_URL, keeps signing in working for
 * staff who open the dashboard over plain http on the LAN while Twilio calls an https tunnel; a
 * page behind an https proxy that is not marked trusted still gets a Secure cookie.
 */
export function pageIsHttps(headers: HeaderReader): boolean {
  return requestOrigin(headers).startsWith("https://") || Boolean(headers.get("origin")?.toLowerCase().startsWith("https://"));
}

export const REQUEST_PATH_HEADER = "x-switchboard-path";
