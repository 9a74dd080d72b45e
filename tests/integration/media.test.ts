import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db/client";
import { insertMessage } from "@/db/queries/messages";
import { SYSTEM_ACTOR } from "@/lib/audit";
import { createSession, SESSION_COOKIE } from "@/lib/auth/sessions";
import { createUser } from "@/lib/auth/users";
import { ATTACHMENT_CONTENT_SECURITY_POLICY } from "@/lib/inbox/media";
import { basicAuthorization } from "@/lib/twilio/credentials";
import { emulatorRequest, startServer, type RunningServer } from "../support/server";
import { sendFileFromPhone, simulatorAccount, TINY_PNG } from "../support/media";

const SESSION_SECRET = "media-test-session-secret-0123456789abcdef";
let server: RunningServer;
let db: Db;
let cookie: string;

beforeAll(async () => {
  server = await startServer({ SESSION_SECRET, ADMIN_EMAIL: "", ADMIN_PASSWORD: "" });
  db = openDatabase(server.databasePath);
  const user = await createUser(db, SYSTEM_ACTOR, { email: "staff@example.com", name: "Staff", role: "staff", password: "staff-password-1" });
  cookie = `${SESSION_COOKIE}=${createSession(db, SESSION_SECRET, user.id, { ip: null, userAgent: null }).token}`;
});
afterAll(async () => {
  db?.$client.close();
  await server?.stop();
});

const open = (path: string, withCookie = true) => fetch(`${server.baseUrl}${path}`, { headers: withCookie ? { cookie } : {}, redirect: "manual" });

describe("attachments Twilio keeps, passed on by the inbox (simulator mode)", () => {
  it("fetches a phone's photo with the account's credentials and serves it to a signed-in user", async () => {
    const { messageId, mediaUrl } = await sendFileFromPhone(server, db, { from: "+919700000101", contentType: "image/png", data: TINY_PNG });
    // Stored as Twilio stores it, and useless to a browser on its own: it wants the account's credentials.
    expect(mediaUrl).toMatch(/\/__twilio\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\/Messages\/MM[0-9a-f]{32}\/Media\/ME[0-9a-f]{32}$/);
    expect((await fetch(mediaUrl)).status).toBe(401);
    // With them, a redirect to a presigned CDN link, which refuses a request still carrying them (as S3 does).
    const authorization = basicAuthorization(simulatorAccount(db));
    const redirect = await fetch(mediaUrl, { headers: { authorization }, redirect: "manual" });
    expect(redirect.status).toBe(307);
    const cdn = redirect.headers.get("location")!;
    expect((await fetch(cdn, { headers: { authorization } })).status).toBe(400);
    expect((await fetch(cdn)).status).toBe(200);

    const response = await open(`/inbox/media/${messageId}/0`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(response.headers.get("content-disposition")).toBe("inline");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await response.arrayBuffer()).equals(TINY_PNG)).toBe(true);
    // Opened on its own, a sender's file runs under a policy of its own, not the pages' one.
    expect(response.headers.get("content-security-policy")).toBe(ATTACHMENT_CONTENT_SECURITY_POLICY);
    expect((await open("/inbox")).headers.get("content-security-policy")).toContain("script-src 'self'");
  });

  it("serves the byte range a player asks for, so a voice note or video can seek", async () => {
    const clip = Buffer.from(Array.from({ length: 2000 }, (_, i) => i % 251));
    const { messageId } = await sendFileFromPhone(server, db, { from: "+919700000107", contentType: "video/mp4", data: clip });
    const errorsBefore = db.$client.prepare("select count(*) as n from error_log where source = 'inbox.media'").get() as { n: number };
    const whole = await open(`/inbox/media/${messageId}/0`);
    expect([whole.status, whole.headers.get("accept-ranges"), (await whole.arrayBuffer()).byteLength]).toEqual([200, "bytes", 2000]);

    const part = await fetch(`${server.baseUrl}/inbox/media/${messageId}/0`, { headers: { cookie, range: "bytes=1000-1099" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe("bytes 1000-1099/2000");
    expect(Buffer.from(await part.arrayBuffer()).equals(clip.subarray(1000, 1100))).toBe(true);

    const past = await fetch(`${server.baseUrl}/inbox/media/${messageId}/0`, { headers: { cookie, range: "bytes=5000-" } });
    expect([past.status, past.headers.get("content-range")]).toEqual([416, "bytes */2000"]);
    // Two ranges at once is not a single range to pass on: the whole file instead.
    const several = await fetch(`${server.baseUrl}/inbox/media/${messageId}/0`, { headers: { cookie, range: "bytes=0-1,5-6" } });
    expect([several.status, (await several.arrayBuffer()).byteLength]).toEqual([200, 2000]);
    expect(db.$client.prepare("select count(*) as n from error_log where source = 'inbox.media'").get()).toEqual(errorsBefore);
  });

  it("keeps the local Twilio to this machine: a request a reverse proxy forwarded is refused", async () => {
    const { mediaUrl } = await sendFileFromPhone(server, db, { from: "+919700000108", contentType: "image/png", data: TINY_PNG });
    const authorization = basicAuthorization(simulatorAccount(db));
    expect((await fetch(mediaUrl, { headers: { authorization }, redirect: "manual" })).status).toBe(307);
    for (const header of ["x-forwarded-for", "forwarded", "x-real-ip"]) {
      const proxied = await fetch(mediaUrl, { headers: { authorization, [header]: "203.0.113.9" }, redirect: "manual" });
      expect(proxied.status, header).toBe(404);
    }
  });

  it("answers 401 to anyone not signed in, without fetching anything", async () => {
    const { messageId } = await sendFileFromPhone(server, db, { from: "+919700000102", contentType: "image/png", data: TINY_PNG });
    const response = await open(`/inbox/media/${messageId}/0`, false);
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain("PNG");
  });

  it("hands over a file the browser would interpret as a download, never as a page of ours", async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    const { messageId } = await sendFileFromPhone(server, db, { from: "+919700000103", contentType: "image/svg+xml", data: svg });
    const response = await open(`/inbox/media/${messageId}/0`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="message-${messageId}-attachment-1"`);
    expect(response.headers.get("content-type")).toBe("image/svg+xml");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("answers 404 for an attachment that does not exist or that Twilio does not hold", async () => {
    const { messageId } = await sendFileFromPhone(server, db, { from: "+919700000104", contentType: "image/png", data: TINY_PNG });
    const elsewhere = insertMessage(db, {
      direction: "inbound", fromAddress: "whatsapp:+919700000105", toAddress: "whatsapp:+14155238886", status: "received",
      numMedia: 1, media: [{ url: "https://media.example.com/form.png", contentType: "image/png" }], updatedAt: new Date(),
    });
    for (const path of [`/inbox/media/${messageId}/1`, `/inbox/media/${messageId}/-1`, "/inbox/media/abc/0", "/inbox/media/999999/0"]) {
      const response = await open(path);
      expect(response.status, path).toBe(404);
      expect(await response.json(), path).toEqual({ error: "No such attachment." });
    }
    const response = await open(`/inbox/media/${elsewhere.id}/0`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: string }).error).toContain("Twilio does not hold this attachment");
  });

  it("says when Twilio no longer has the file, and records it in the error log", async () => {
    const { messageId } = await sendFileFromPhone(server, db, { from: "+919700000106", contentType: "image/png", data: TINY_PNG });
    await emulatorRequest({ baseUrl: `${server.baseUrl}/__twilio` }, simulatorAccount(db), "/__emulator/reset", {});
    const response = await open(`/inbox/media/${messageId}/0`);
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ error: "Twilio no longer has this attachment (deleted or expired)." });
    const logged = db.$client.prepare("select reason, detail from error_log where source = 'inbox.media' order by id desc limit 1").get() as { reason: string; detail: string };
    expect(logged).toEqual({ reason: "media unavailable", detail: `message ${messageId}, attachment 1: Twilio answered 404` });
  });
});
