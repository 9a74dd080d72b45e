import type { HeaderReader } from "./forwarded";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Why a state-changing request must be refused as cross-site, or null when it may proceed. A
 * browser names the page that sent a POST in Origin (or "null" from sandboxed and privacy-stripped
 * contexts); only our own origins may change data. Requests without Origin come from non-browser
 * clients (scripts, Twilio), which the session cookie's SameSite already keeps from riding on a user.
 */
export function crossSiteRefusal(method: string, headers: HeaderReader, ownHosts: readonly string[]): string | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  if (headers.get("sec-fetch-site") === "cross-site") return "cross-site request (Sec-Fetch-Site)";
  const origin = headers.get("origin");
  if (origin === null) return null;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return `request from origin ${origin.slice(0, 100)}`;
  }
  return ownHosts.includes(host.toLowerCase()) ? null : `request from origin ${origin.slice(0, 100)}`;
}

/** The hosts this server answers as: the one the request was addressed to, and PUBLIC_BASE_URL's. */
export function ownHosts(headers: HeaderReader, publicBaseUrl: string | undefined): string[] {
  const hosts: string[] = [];
  const requested = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  if (requested) hosts.push(requested.toLowerCase());
  if (publicBaseUrl) hosts.push(new URL(publicBaseUrl).host.toLowerCase());
  return hosts;
}
