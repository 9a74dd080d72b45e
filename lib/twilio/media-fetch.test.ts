import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchTwilioMedia } from "./client";

const ACCOUNT = `AC${"d4".repeat(16)}`;
const MEDIA = `/2010-04-01/Accounts/${ACCOUNT}/Messages/MM${"e5".repeat(16)}/Media/ME${"f6".repeat(16)}`;
const seen: { server: "api" | "cdn"; headers: IncomingHttpHeaders }[] = [];
let api: Server;
let cdn: Server;
let apiBase: string;
let cdnBase: string;

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
};

beforeAll(async () => {
  // Twilio's API answers the media URL with a redirect to another host; "silent" never answers at all.
  api = createServer((req, res) => {
    seen.push({ server: "api", headers: req.headers });
    if (req.url?.startsWith("/silent")) return;
    res.writeHead(307, { location: `${cdnBase}/signed/photo.png?Signature=abc` }).end();
  });
  cdn = createServer((req, res) => {
    seen.push({ server: "cdn", headers: req.headers });
    res.writeHead(200, { "content-type": "image/png" }).end("png bytes");
  });
  apiBase = await listen(api);
  cdnBase = await listen(cdn);
});
afterAll(() => {
  api.close();
  cdn.close();
});

describe("fetchTwilioMedia", () => {
  it("sends the account's credentials to Twilio only, never to the host it redirects to", async () => {
    seen.length = 0;
    const response = await fetchTwilioMedia({ accountSid: ACCOUNT, authToken: "secret-token", apiBase, timeoutMs: 2000 }, `${apiBase}${MEDIA}`);
    expect(await response.text()).toBe("png bytes");
    expect(seen.map((request) => request.server)).toEqual(["api", "cdn"]);
    expect(seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT}:secret-token`).toString("base64")}`);
    expect(seen[1]!.headers.authorization).toBeUndefined();
  });

  it("asks both hosts for the same byte range, so a player can seek", async () => {
    seen.length = 0;
    await (await fetchTwilioMedia({ accountSid: ACCOUNT, authToken: "secret-token", apiBase, timeoutMs: 2000 }, `${apiBase}${MEDIA}`, { range: "bytes=4-" })).text();
    expect(seen.map((request) => [request.server, request.headers.range])).toEqual([["api", "bytes=4-"], ["cdn", "bytes=4-"]]);
    expect(seen[1]!.headers.authorization).toBeUndefined();
  });

  it("refuses a URL that is not this account's media, without a request", async () => {
    seen.length = 0;
    await expect(fetchTwilioMedia({ accountSid: ACCOUNT, authToken: "secret-token", apiBase }, `${cdnBase}${MEDIA}`)).rejects.toThrow("not a media URL of this Twilio account");
    expect(seen).toEqual([]);
  });

  it("gives up when Twilio does not answer in time", async () => {
    const silent = `${apiBase}/silent`;
    const started = Date.now();
    await expect(fetchTwilioMedia({ accountSid: ACCOUNT, authToken: "secret-token", apiBase: silent, timeoutMs: 200 }, `${silent}${MEDIA}`)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
