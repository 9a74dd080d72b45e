import { describe, expect, it } from "vitest";
import { InvalidInboundError, parseAddress, readInbound } from "./inbound";

const SID = `MM${"0123456789abcdef".repeat(2)}`;

describe("readInbound", () => {
  it("reads every parameter WhatsApp sends", () => {
    const message = readInbound({
      MessageSid: SID, SmsMessageSid: SID, SmsSid: SID, AccountSid: `AC${"1".repeat(32)}`,
      From: "whatsapp:+919812345678", To: "whatsapp:+14155238886", Body: "Here you go", NumMedia: "2", NumSegments: "1",
      MediaUrl0: "https://api.twilio.com/media/1", MediaContentType0: "image/jpeg", MediaUrl1: "https://api.twilio.com/media/2", MediaContentType1: "application/pdf",
      ProfileName: "Asha", WaId: "919812345678", MessageType: "image", Latitude: "19.07", Longitude: "72.87", Address: "Mumbai", Label: "Office",
      ButtonText: "Yes", ButtonPayload: "confirm", OriginalRepliedMessageSid: `SM${"2".repeat(32)}`, ReferralNumMedia: "0", Forwarded: "true",
      ApiVersion: "2010-04-01", SmsStatus: "received",
    });
    expect(message).toMatchObject({
      messageSid: SID,
      from: { raw: "whatsapp:+919812345678", channel: "whatsapp", phone: "+919812345678" },
      to: { raw: "whatsapp:+14155238886", phone: "+14155238886" },
      body: "Here you go",
      numMedia: 2,
      media: [
        { url: "https://api.twilio.com/media/1", contentType: "image/jpeg" },
        { url: "https://api.twilio.com/media/2", contentType: "application/pdf" },
      ],
      profileName: "Asha", waId: "919812345678", messageType: "image", latitude: 19.07, longitude: 72.87, address: "Mumbai", label: "Office",
      buttonText: "Yes", buttonPayload: "confirm", originalRepliedMessageSid: `SM${"2".repeat(32)}`,
      extra: { ReferralNumMedia: "0", Forwarded: "true" },
    });
  });

  it.each([
    [{ From: "whatsapp:+919812345678" }, "MessageSid is missing"],
    [{ MessageSid: "hello", From: "whatsapp:+919812345678" }, "MessageSid is not an SM or MM message SID"],
    [{ MessageSid: SID }, "From is missing"],
    [{ MessageSid: SID, From: "whatsapp:nobody" }, "From is not a phone number"],
  ])("refuses %j", (params, reason) => {
    expect(() => readInbound(params)).toThrow(new InvalidInboundError(reason));
  });

  it("ignores out-of-range coordinates and caps absurd media counts", () => {
    const message = readInbound({ MessageSid: SID, From: "whatsapp:+14155551234", Latitude: "200", Longitude: "abc", NumMedia: "9999" });
    expect(message.latitude).toBeNull();
    expect(message.longitude).toBeNull();
    expect(message.numMedia).toBe(10);
    expect(message.media).toEqual([]);
  });

  it("refuses a field sent twice, since the signature cannot say which copy came first", () => {
    expect(() => readInbound({ MessageSid: SID, From: "whatsapp:+14155551234", Body: ["STOP", "hi"] })).toThrow(new InvalidInboundError("Body is repeated"));
    expect(readInbound({ MessageSid: SID, From: "whatsapp:+14155551234", Referral: ["a", "b"] }).extra).toEqual({ Referral: ["a", "b"] });
  });

  it("cuts an over-long ProfileName without splitting an emoji", () => {
    const message = readInbound({ MessageSid: SID, From: "whatsapp:+14155551234", ProfileName: `${"a".repeat(255)}🙂` });
    expect(message.profileName).toBe("a".repeat(255));
  });
});

describe("parseAddress", () => {
  it.each([
    ["whatsapp:+14155551234", "whatsapp:+14155551234"],
    ["WhatsApp:+1 (415) 555-1234", "whatsapp:+14155551234"],
    ["+14155551234", "sms:+14155551234"],
  ])("%s → %s", (raw, expected) => {
    expect(parseAddress(raw)?.raw).toBe(expected);
  });

  it("rejects non-numbers", () => {
    expect(parseAddress("whatsapp:+0123")).toBeUndefined();
    expect(parseAddress("messenger:abc")).toBeUndefined();
  });
});
