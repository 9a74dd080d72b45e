import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";

/** Runs a fetch-style handler on a node:http request, streaming the body in (so size limits still apply). */
export async function serveWithHandler(req: IncomingMessage, res: ServerResponse, handler: (request: Request) => Promise<Response>): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  // A Host header no URL can hold ("a b", a port over 65535) would throw here, a 500; the handler
  // checks the signature against PUBLIC_BASE_URL or the Host header itself, so refusal is left to it.
  const host = req.headers.host && URL.canParse(`http://${req.headers.host}/`) ? req.headers.host : "localhost";
  const request = new Request(`http://${host}${req.url ?? "/"}`, {
    method: req.method,
    headers,
    body: req.method === "GET" || req.method === "HEAD" ? undefined : (Readable.toWeb(req) as ReadableStream<Uint8Array>),
    duplex: "half",
  } as RequestInit);
  const response = await handler(request);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}
