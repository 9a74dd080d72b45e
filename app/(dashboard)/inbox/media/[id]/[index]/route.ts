import { findMessageById } from "@/db/queries/messages";
import { userFromRequest } from "@/lib/auth/request";
import { appDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { logError } from "@/lib/errors";
import { mediaAccount, mediaResponseHeaders, mediaRouteParams } from "@/lib/inbox/media";
import { isSingleByteRange } from "@/lib/http/byte-range";
import { fetchTwilioMedia, isTwilioMediaUrl } from "@/lib/twilio/client";

export const dynamic = "force-dynamic";

const SOURCE = "inbox.media";

/** A photo or file someone sent, fetched from Twilio with the account's credentials for a signed-in user. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string; index: string }> }) {
  const db = appDb();
  const env = getEnv();
  if (!userFromRequest(db, request, env.sessionSecret)) return Response.json({ error: "Sign in to see attachments." }, { status: 401 });
  const parsed = mediaRouteParams.safeParse(await params);
  const message = parsed.success ? findMessageById(db, parsed.data.id) : undefined;
  const item = parsed.success ? message?.media?.[parsed.data.index] : undefined;
  if (!parsed.success || !item) return Response.json({ error: "No such attachment." }, { status: 404 });
  const { id, index } = parsed.data;
  const account = mediaAccount(db, env);
  if (!isTwilioMediaUrl(item.url, account)) return Response.json({ error: "Twilio does not hold this attachment; open its own link." }, { status: 404 });

  let upstream: Response;
  try {
    const range = request.headers.get("range");
    upstream = await fetchTwilioMedia(account, item.url, isSingleByteRange(range) ? { range } : {});
  } catch (error) {
    logError(db, SOURCE, "media fetch failed", { detail: `message ${id}, attachment ${index + 1}: ${error instanceof Error ? error.message : String(error)}` });
    return Response.json({ error: "Twilio did not answer for this attachment; try again." }, { status: 502 });
  }
  if (upstream.status === 416) {
    // The player asked past the end: its mistake, not Twilio's, so nothing for the error log.
    await upstream.body?.cancel();
    return new Response(null, { status: 416, headers: mediaResponseHeaders(upstream.headers, item.contentType, id, index) });
  }
  if (!upstream.ok || !upstream.body) {
    await upstream.body?.cancel();
    logError(db, SOURCE, "media unavailable", { detail: `message ${id}, attachment ${index + 1}: Twilio answered ${upstream.status}` });
    const gone = upstream.status === 404 || upstream.status === 403;
    return Response.json({ error: gone ? "Twilio no longer has this attachment (deleted or expired)." : `Twilio answered ${upstream.status} for this attachment.` }, { status: 502 });
  }
  return new Response(upstream.body, { status: upstream.status === 206 ? 206 : 200, headers: mediaResponseHeaders(upstream.headers, item.contentType, id, index) });
}
