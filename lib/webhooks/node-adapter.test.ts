import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { BodyResult } from "./http";
import { readNodeBody } from "./node-adapter";

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** Starts a real node:http server whose requests are read by readNodeBody; resolves with what it read. */
async function bodyOf(send: (port: number) => void, limit = 1024): Promise<BodyResult> {
  let answer: (result: BodyResult) => void = () => undefined;
  const read = new Promise<BodyResult>((resolve) => (answer = resolve));
  server = createServer((req, res) => {
    void readNodeBody(req, limit).then((result) => {
      answer(result);
      res.writeHead(200, { connection: "close" }).end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  send((server.address() as AddressInfo).port);
  return read;
}

function post(port: number, chunks: Buffer[], headers: Record<string, string | number> = {}, endEarly = false): void {
  const req = request({ port, method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers } });
  req.on("error", () => undefined);
  for (const chunk of chunks) req.write(chunk);
  if (endEarly) setTimeout(() => req.destroy(), 50);
  else req.end();
}

describe("readNodeBody", () => {
  it("reads a form body as UTF-8 text", async () => {
    expect(await bodyOf((port) => post(port, [Buffer.from("Body=Zo%C3%AB+%F0%9F%91%8D&From=x")]))).toEqual({ ok: true, text: "Body=Zo%C3%AB+%F0%9F%91%8D&From=x" });
  });

  it("refuses a declared Content-Length past the limit without reading the body", async () => {
    const result = await bodyOf((port) => post(port, [Buffer.alloc(10, 97)], { "content-length": 5000 }, true));
    expect(result).toEqual({ ok: false, status: 413, reason: "body too large", detail: "Content-Length 5000 exceeds 1024 bytes" });
  });

  it("stops a chunked body as soon as it passes the limit", async () => {
    const result = await bodyOf((port) => post(port, Array.from({ length: 8 }, () => Buffer.alloc(512, 97)), { "transfer-encoding": "chunked" }));
    expect(result).toEqual({ ok: false, status: 413, reason: "body too large", detail: "more than 1024 bytes" });
  });

  it("refuses bytes that are not UTF-8", async () => {
    const result = await bodyOf((port) => post(port, [Buffer.from([0x42, 0x6f, 0x64, 0x79, 0x3d, 0xff, 0xfe])]));
    expect(result).toMatchObject({ ok: false, status: 400, reason: "malformed body" });
  });

  it("settles when the client hangs up mid-body", async () => {
    const result = await bodyOf((port) => post(port, [Buffer.from("Body=half")], { "content-length": 500 }, true));
    expect(result).toEqual({ ok: false, status: 400, reason: "malformed body", detail: "the request ended before its body did" });
  });
});
