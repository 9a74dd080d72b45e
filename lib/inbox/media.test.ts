import { describe, expect, it } from "vitest";
import { isTwilioMediaUrl } from "@/lib/twilio/client";
import { attachmentHref, loadsInPage, mediaResponseHeaders, mediaRouteParams } from "./media";

const ACCOUNT = `AC${"a1".repeat(16)}`;
const media = (base: string, account = ACCOUNT) => `${base}/2010-04-01/Accounts/${account}/Messages/MM${"b2".repeat(16)}/Media/ME${"c3".repeat(16)}`;

describe("which attachments are fetched with the account's credentials", () => {
  it("accepts only this account's media under the REST API it talks to", () => {
    expect(isTwilioMediaUrl(media("https://api.twilio.com"), { accountSid: ACCOUNT })).toBe(true);
    expect(isTwilioMediaUrl(media("http://127.0.0.1:3000/__twilio"), { accountSid: ACCOUNT, apiBase: "http://127.0.0.1:3000/__twilio" })).toBe(true);
    for (const url of [
      media("https://api.twilio.com", `AC${"ff".repeat(16)}`),
      media("https://api.twilio.com.evil.example"),
      media("https://evil.example"),
      `${media("https://api.twilio.com")}?redirect=https://evil.example`,
      `${media("https://api.twilio.com")}/../../../Messages.json`,
      `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages.json`,
      "https://media.example.com/form.png",
    ]) {
      expect(isTwilioMediaUrl(url, { accountSid: ACCOUNT }), url).toBe(false);
    }
    // With the emulator configured, real Twilio media is not this server's to fetch.
    expect(isTwilioMediaUrl(media("https://api.twilio.com"), { accountSid: ACCOUNT, apiBase: "http://127.0.0.1:3999" })).toBe(false);
  });

  it("points the browser at this server for Twilio's media and at the link itself otherwise", () => {
    expect(attachmentHref(media("https://api.twilio.com"), 42, 1, { accountSid: ACCOUNT })).toEqual({ href: "/inbox/media/42/1", proxied: true });
    expect(attachmentHref("https://media.example.com/x.png", 42, 0, { accountSid: ACCOUNT })).toEqual({ href: "https://media.example.com/x.png", proxied: false });
  });

  it("shows in place only what the page may load: this server's copy, or an https link", () => {
    expect(loadsInPage({ href: "/inbox/media/42/1", proxied: true })).toBe(true);
    expect(loadsInPage({ href: "https://media.example.com/x.png", proxied: false })).toBe(true);
    expect(loadsInPage({ href: "http://media.example.com/x.png", proxied: false })).toBe(false);
  });
});

describe("the media route's input and answer", () => {
  it("takes a message id and an attachment index, nothing else", () => {
    expect(mediaRouteParams.safeParse({ id: "7", index: "0" })).toMatchObject({ success: true, data: { id: 7, index: 0 } });
    for (const params of [{ id: "0", index: "0" }, { id: "7", index: "10" }, { id: "7", index: "1.5" }, { id: "x", index: "0" }, { id: "1e400", index: "0" }]) {
      expect(mediaRouteParams.safeParse(params).success, JSON.stringify(params)).toBe(false);
    }
  });

  it("shows plain photos and downloads everything else", () => {
    const upstream = (headers: Record<string, string>) => new Headers(headers);
    expect(mediaResponseHeaders(upstream({ "content-type": "image/JPEG", "content-length": "1234" }), "image/png", 5, 0)).toMatchObject({
      "content-type": "image/jpeg",
      "content-length": "1234",
      "content-disposition": "inline",
    });
    for (const type of ["image/svg+xml", "text/html; charset=utf-8", "application/pdf", ""]) {
      expect(mediaResponseHeaders(upstream({ "content-type": type }), "", 5, 2)["content-disposition"], type).toBe('attachment; filename="message-5-attachment-3"');
    }
    // Twilio did not say: the type it reported when the message came in.
    expect(mediaResponseHeaders(upstream({}), "audio/ogg", 5, 0)["content-type"]).toBe("audio/ogg");
    expect(mediaResponseHeaders(upstream({ "content-length": "12abc" }), "", 5, 0)).not.toHaveProperty("content-length");
  });

  it("keeps a byte range Twilio answered with, and nothing malformed", () => {
    const ranged = mediaResponseHeaders(new Headers({ "content-type": "video/mp4", "content-range": "bytes 0-99/5000", "accept-ranges": "bytes" }), "", 5, 0);
    expect(ranged).toMatchObject({ "content-range": "bytes 0-99/5000", "accept-ranges": "bytes" });
    const odd = mediaResponseHeaders(new Headers({ "content-range": "bytes 0-99/5000, 200-299/5000", "accept-ranges": "none" }), "", 5, 0);
    expect(odd).not.toHaveProperty("content-range");
    expect(odd).not.toHaveProperty("accept-ranges");
  });
});
