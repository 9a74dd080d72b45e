import type { IncomingMessage, ServerResponse } from "node:http";
import { decodeBody, MAX_BODY_BYTES, tooLarge, type BodyResult, type WebhookReply, type WebhookRequest } from "./http";

/** Reads a node:http body up to `limit` bytes; past it, stops reading so a huge body is never held in memory. */
export function readNodeBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  const declared = Number(req.headers["content-length"] ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(tooLarge(`Content-Length ${declared} exceeds ${limit} bytes`));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    req.on("data", (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        req.pause();
        settle(tooLarge(`more than ${limit} bytes`));
      } else chunks.push(chunk);
    });
    req.on("end", () => settle(decodeBody(Buffer.concat(chunks, size))));
    // A client that hangs up mid-body gets no answer, but its request must not stay pending.
    req.on("close", () => settle({ ok: false, status: 400, reason: "malformed body", detail: "the request ended before its body did" }));
  });
}

const headerReader = (req: IncomingMessage) => ({
  get(name: string): string | null {
    const value = req.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(", ") : (value ?? null);
  },
});

/**
 * Serves a webhook straight from node:http: no fetch Request, no web streams, no Response to
 * convert back, on the path Twilio waits on. A handler that throws gets a plain 500 (Twilio then
 * shows error 11200 and may retry) and is reported to `onFailure`, so it reaches the error log
 * staff read, not only the console.
 */
export async function serveNodeWebhook(
  req: IncomingMessage,
  res: ServerResponse,
  handler: (request: WebhookRequest) => Promise<WebhookReply>,
  onFailure: (error: unknown) => void,
): Promise<void> {
  let reply: WebhookReply;
  try {
    reply = await handler({ url: req.url ?? "/", headers: headerReader(req), body: await readNodeBody(req) });
  } catch (error) {
    try {
      onFailure(error);
    } catch (reportError) {
      // The database itself may be what failed: the console still gets both.
      console.error("Could not log a webhook failure", reportError);
    }
    reply = { status: 500, headers: { "content-type": "text/plain; charset=utf-8" }, body: "Internal Server Error" };
  }
  if (res.headersSent) return void res.end();
  res.writeHead(reply.status, { ...reply.headers, "content-length": Buffer.byteLength(reply.body) });
  res.end(reply.body);
}
