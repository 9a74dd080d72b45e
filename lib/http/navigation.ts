import type { HeaderReader } from "./forwarded";

/**
 * Whether a request is a browser following a link or a form, which shows the answer as a page:
 * such a request should get a page (or a redirect to one), never a bare JSON error. Sec-Fetch-Mode
 * says so directly; browsers send it only to HTTPS and localhost, so a plain-HTTP deployment
 * falls back to the Accept header every browser navigation carries.
 */
export function isBrowserNavigation(headers: HeaderReader): boolean {
  const mode = headers.get("sec-fetch-mode");
  if (mode !== null) return mode === "navigate";
  return (headers.get("accept") ?? "").split(",").some((type) => type.trim().split(";")[0] === "text/html");
}
