import fc from "fast-check";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db/client";
import { createSession, SESSION_COOKIE } from "@/lib/auth/sessions";
import { createUser } from "@/lib/auth/users";
import { updateSettings } from "@/lib/settings";
import { encodeForm, type FormParams } from "@/lib/twilio/form";
import { FUZZ_RUNS, fuzzTimeout } from "../support/fuzz-budget";
import { forgery, inboundCase, INJECTIONS, rawBody, signatureFor, statusCase, type Forgery } from "../support/fuzz-inputs";
import { startServer, type RunningServer } from "../support/server";
import { inboundParams } from "../support/twilio-fixtures";

const RUNS = FUZZ_RUNS.http;
const AUTH_TOKEN = "fedcba9876543210fedcba9876543210";
const PUBLIC = "https://switchboard.example.com";
const SESSION_SECRET = "fuzz-session-secret-0123456789abcdef";
const REFUSAL = /^(Bad request|Forbidden|Payload too large|Unsupported media type): \S.{2,}/;
const FUZZ_TIMEOUT = fuzzTimeout(120_000);

let server: RunningServer;
let db: Db;

beforeAll(async () => {
  server = await startServer({
    SESSION_SECRET, ADMIN_EMAIL: "", ADMIN_PASSWORD: "", PUBLIC_BASE_URL: PUBLIC,
    TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`, TWILIO_AUTH_TOKEN: AUTH_TOKEN,
  });
  db = openDatabase(server.databasePath);
  updateSettings(db, { id: null, label: "fuzz" }, { incomingEnabled: true, cooldownSeconds: 0, dailyLimit: 1_000_000 });
});
afterAll(async () => {
  db?.$client.close();
  await server?.stop();
});

async function post(path: string, body: string | Uint8Array<ArrayBuffer>, signature: string | null, contentType = "application/x-www-form-urlencoded") {
  const headers: Record<string, string> = { "content-type": contentType };
  if (signature !== null) headers["x-twilio-signature"] = signature;
  const response = await fetch(`${server.baseUrl}${path}`, { method: "POST", headers, body });
  return { status: response.status, text: await response.text() };
}

function expectAnswered(result: { status: number; text: string }) {
  expect(result.status, result.text).toBeLessThan(500);
  if (result.status !== 200) expect(result.text).toMatch(REFUSAL);
}

describe("the production server under fuzzing", () => {
  it("never answers a hostile webhook with a 5xx", async () => {
    const request = fc.oneof(
      fc.record({ kind: fc.constant("signed" as const), params: inboundCase.map((c) => c.params), sign: fc.constantFrom<Forgery | "valid">("valid", "valid", "valid", "forged", "other-url", "other-token", "none") }),
      fc.record({ kind: fc.constant("raw" as const), body: rawBody, contentType: fc.constantFrom("application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x") }),
    );
    await fc.assert(fc.asyncProperty(request, async (input) => {
      const path = "/api/twilio/incoming";
      const result = input.kind === "signed"
        ? await post(path, encodeForm(input.params), signatureFor(input.sign, AUTH_TOKEN, `${PUBLIC}${path}`, input.params))
        : await post(path, new Uint8Array(input.body), "AAAAAAAAAAAAAAAAAAAAAAAAAAA=", input.contentType);
      expectAnswered(result);
      // Forgeries are refused; one too large is refused for its size before the signature is read.
      if (input.kind === "signed" && input.sign !== "valid") expect([403, 413]).toContain(result.status);
    }), { numRuns: RUNS.incoming });
  }, FUZZ_TIMEOUT);

  it("never answers a hostile status callback with a 5xx", async () => {
    await fc.assert(fc.asyncProperty(statusCase, forgery, fc.boolean(), async (params, forged, signed) => {
      const path = "/api/twilio/status";
      const result = await post(path, encodeForm(params), signatureFor(signed ? "valid" : forged, AUTH_TOKEN, `${PUBLIC}${path}`, params));
      expectAnswered(result);
    }), { numRuns: RUNS.status });
  }, FUZZ_TIMEOUT);

  it.each(["bad host", "[", "exa%mple.com", "a\u00ffb", "localhost:99999"])("refuses a webhook with the Host header %j without a 5xx", async (host) => {
    const body = encodeForm(inboundParams());
    const status = await new Promise<number>((resolve, reject) => {
      const socket = connect(server.port, "127.0.0.1", () => {
        socket.write(Buffer.from(`POST /api/twilio/incoming HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`, "latin1"));
      });
      let answer = "";
      socket.on("data", (chunk: Buffer) => (answer += chunk.toString("latin1")));
      socket.on("end", () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? "0")));
      socket.on("error", reject);
    });
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
  });

  it("stores script, SQL and markup verbatim and shows them escaped in the inbox", async () => {
    const phones: string[] = [];
    for (const [i, text] of INJECTIONS.entries()) {
      const from = `whatsapp:+91981230000${i}`;
      phones.push(from.replace("whatsapp:+", ""));
      const params: FormParams = inboundParams({ Body: text, ProfileName: text, From: from });
      const result = await post("/api/twilio/incoming", encodeForm(params), signatureFor("valid", AUTH_TOKEN, `${PUBLIC}/api/twilio/incoming`, params));
      expect(result.status).toBe(200);
      const row = db.$client.prepare("select body, profile_name as profileName from messages where message_sid = ?").get(params.MessageSid) as { body: string; profileName: string };
      expect(row).toEqual({ body: text, profileName: text });
      expect(db.$client.prepare("select profile_name as name from contacts where phone = ?").get(from.replace("whatsapp:", ""))).toEqual({ name: text });
    }
    expect(db.$client.prepare("select count(*) as n from sqlite_master where name = 'messages'").get()).toEqual({ n: 1 });

    const user = await createUser(db, { id: null, label: "fuzz" }, { email: `admin-${Date.now()}@example.com`, name: "", role: "admin", password: "password-123" });
    const cookie = `${SESSION_COOKIE}=${createSession(db, SESSION_SECRET, user.id, { ip: null, userAgent: null }).token}`;
    const pages = ["/inbox", ...phones.map((phone) => `/inbox/${phone}`)];
    for (const page of pages) {
      const response = await fetch(`${server.baseUrl}${page}`, { headers: { cookie } });
      expect(response.status, page).toBe(200);
      const html = await response.text();
      expect(html, page).not.toContain("<script>alert(1)</script>");
      expect(html, page).not.toContain("<img src=x onerror=alert(1)>");
      expect(html, page).not.toMatch(/onerror=alert\(1\)>/);
    }
    const thread = async (i: number) => (await fetch(`${server.baseUrl}/inbox/${phones[i]}`, { headers: { cookie } })).text();
    expect(await thread(0)).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(await thread(1)).toContain("&#x27;; DROP TABLE messages; --");
    expect(await thread(2)).toContain("&lt;img src=x onerror=alert(1)&gt;");
  }, FUZZ_TIMEOUT);
});
