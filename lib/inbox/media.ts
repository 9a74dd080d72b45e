import { z } from "zod";
import type { Db } from "@/db/client";
import type { Env } from "@/lib/env";
import { isTwilioMediaUrl, type RestCredentials } from "@/lib/twilio/client";
import { ownRestApiBase, twilioCredentials } from "@/lib/twilio/credentials";

/** The account whose stored media the inbox may show, and where its REST API (and so its media) lives. */
export function mediaAccount(db: Db, env: Env): RestCredentials {
  const { accountSid, authToken } = twilioCredentials(db, env);
  return { accountSid, authToken, apiBase: ownRestApiBase(env), timeoutMs: env.twilioTimeoutMs };
}

export const mediaRouteParams = z.object({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  index: z.coerce.number().int().min(0).max(9),
});

export type MediaAccount = Pick<RestCredentials, "accountSid" | "apiBase">;

export const MEDIA_ROUTE_PREFIX = "/inbox/media/";

/**
 * The policy an attachment is served under, instead of the pages' one: a file a sender chose, even
 * opened on its own, gets no scripts, no plugins and a unique origin (what raw.githubusercontent.com does).
 */
export const ATTACHMENT_CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox";

/**
 * Where the browser loads an attachment from. Twilio's media needs the account's credentials, so
 * it goes through this server; a link Twilio does not hold is used as it is.
 */
export function attachmentHref(url: string, messageId: number, index: number, account: MediaAccount): { href: string; proxied: boolean } {
  return isTwilioMediaUrl(url, account) ? { href: `${MEDIA_ROUTE_PREFIX}${messageId}/${index}`, proxied: true } : { href: url, proxied: false };
}

/** Whether a photo can be shown in place: served by this server, or over https (all the page's CSP lets load). */
export function loadsInPage(source: { href: string; proxied: boolean }): boolean {
  return source.proxied || source.href.startsWith("https://");
}

// Types a browser shows without interpreting them: everything else (SVG, HTML, PDF…) is a download.
const SHOWN_INLINE = /^image\/(jpeg|png|gif|webp)$/i;

const CONTENT_RANGE = /^bytes (\d+-\d+|\*)\/(\d+|\*)$/;

/**
 * Headers for media passed on from Twilio: cached privately, never sniffed, and anything but a
 * plain photo downloaded rather than opened, so no file a sender chose can run as a page of ours.
 * Byte-range answers keep their range, so players can seek.
 */
export function mediaResponseHeaders(upstream: Headers, storedType: string, messageId: number, index: number): Record<string, string> {
  const type = (upstream.get("content-type") ?? storedType).split(";")[0]!.trim().toLowerCase() || "application/octet-stream";
  const length = upstream.get("content-length");
  const range = upstream.get("content-range");
  return {
    "content-type": type,
    ...(length && /^\d+$/.test(length) ? { "content-length": length } : {}),
    ...(range && CONTENT_RANGE.test(range) ? { "content-range": range } : {}),
    ...(upstream.get("accept-ranges") === "bytes" ? { "accept-ranges": "bytes" } : {}),
    "content-disposition": SHOWN_INLINE.test(type) ? "inline" : `attachment; filename="message-${messageId}-attachment-${index + 1}"`,
    // Never kept on disk: a shared workstation must not keep a sender's photos after sign-out or erasure.
    "cache-control": "private, no-store",
    "x-content-type-options": "nosniff",
  };
}
