import { describe, expect, it } from "vitest";
import type { InboxRow } from "@/db/queries/inbox";
import { CSV_HEADER, csvField, csvRow, csvStream, mediaRef } from "./csv";

const ACCOUNT = `AC${"a".repeat(32)}`;
const MESSAGE_SID = `MM${"b".repeat(32)}`;
const mediaUrl = (n: number) => `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages/${MESSAGE_SID}/Media/ME${String(n).repeat(32)}`;

/** An inbound text message; `changes` makes it whatever a test needs. */
const inboxRow = (changes: Partial<InboxRow> = {}): InboxRow => ({
  id: 1, direction: "inbound", fromAddress: "whatsapp:+919812345678", toAddress: "whatsapp:+14155238886", body: "Hello",
  status: "received", command: "OTHER", errorCode: null, errorMessage: null, numMedia: 0, flag: null, createdAt: new Date(Date.UTC(2026, 0, 1)),
  contactId: 1, handledAt: null, messageSid: `SM${"1".repeat(32)}`, latitude: null, longitude: null, sentByUserId: null, phone: "+919812345678", profileName: "Asha now",
  messageProfileName: "Asha 🙂", messageType: "text", media: null, address: null, label: null, buttonText: null, buttonPayload: null,
  originalRepliedMessageSid: null, extra: null,
  ...changes,
});

/** A row's fields by column name, as a spreadsheet reads them (quotes undone, apostrophes kept). */
function fields(line: string): Record<string, string> {
  const values = [...line.replace(/\r\n$/, "").matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map(([, value]) => (value!.startsWith('"') ? value!.slice(1, -1).replace(/""/g, '"') : value!));
  expect(values).toHaveLength(CSV_HEADER.length);
  return Object.fromEntries(values.map((value, i) => [CSV_HEADER[i]!, value]));
}

describe("CSV export", () => {
  it("quotes what needs quoting and neutralises formulas", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvField("=HYPERLINK(\"x\")")).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField("+919812345678")).toBe("'+919812345678");
    expect(csvField(null)).toBe("");
    expect(csvField(63016)).toBe("63016");
  });

  it("writes numbers as numbers, a negative one too, while text that looks like one stays guarded", () => {
    expect(csvField(-0.1276)).toBe("-0.1276");
    expect(csvField("-0.1276")).toBe("'-0.1276");
    expect(csvField("-1+1")).toBe("'-1+1");
  });

  it("streams a BOM, a header and one line per row, pulled in chunks", async () => {
    const row = (id: number) => inboxRow({ id, body: `Hello, "${id}"`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, id)), messageSid: `SM${id}` });
    const rows = [1, 2, 3].map(row)[Symbol.iterator]();
    const text = await new Response(csvStream(rows, new Map(), 2)).text();
    const bytes = new Uint8Array(await new Response(csvStream([row(1)][Symbol.iterator](), new Map())).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = text.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe(
      "time_utc,direction,number,profile_name,body,command,status,error_code,flag,handled_at_utc,message_sid,sent_by," +
        "message_type,media_count,media_types,media_refs,latitude,longitude,location_address,location_label,button_text,button_payload,replied_to_message_sid,other_parameters",
    );
    // The name the message carried, not the contact's name today.
    expect(lines[1]).toBe(`2026-01-01T00:00:01.000Z,received,'+919812345678,Asha 🙂,"Hello, ""1""",OTHER,received,,,,SM1,,text,0,,,,,,,,,,`);
    expect(lines).toHaveLength(5);
  });

  it("names who sent what went out: the staff member, or automatic for auto-replies and reminders", () => {
    const sent = (sentByUserId: number | null) =>
      inboxRow({ id: 9, direction: "outbound", fromAddress: "whatsapp:+14155238886", toAddress: "whatsapp:+919812345678", body: "Noted", status: "read", command: null, messageSid: "SM9", sentByUserId, messageProfileName: null, messageType: null });
    const senders = new Map([[3, "officer@example.com"]]);
    expect(csvRow(sent(3), senders)).toBe("2026-01-01T00:00:00.000Z,sent,'+919812345678,,Noted,,read,,,,SM9,officer@example.com,,0,,,,,,,,,,\r\n");
    expect(fields(csvRow(sent(null), senders)).sent_by).toBe("automatic");
  });

  it("says what a message with no body carried: how many attachments, their types and Twilio's media SIDs", () => {
    const photo = inboxRow({
      body: "", messageSid: MESSAGE_SID, messageType: "image", numMedia: 2,
      media: [{ url: mediaUrl(1), contentType: "image/jpeg" }, { url: mediaUrl(2), contentType: "audio/ogg; codecs=opus" }],
      originalRepliedMessageSid: `SM${"c".repeat(32)}`, extra: { Forwarded: "true" },
    });
    const line = csvRow(photo, new Map());
    expect(fields(line)).toMatchObject({
      body: "", message_type: "image", media_count: "2", media_types: "image/jpeg audio/ogg",
      media_refs: `ME${"1".repeat(32)} ME${"2".repeat(32)}`, replied_to_message_sid: `SM${"c".repeat(32)}`,
    });
    expect(JSON.parse(fields(line).other_parameters!)).toEqual({ Forwarded: "true" });
    // The account (and never its credentials) stays out of the file.
    expect(line).not.toContain(ACCOUNT);
  });

  it("says where a shared location was, a negative longitude written as a number", () => {
    const location = inboxRow({ body: "", messageType: "location", latitude: 51.5072, longitude: -0.1276, address: "Trafalgar Square, London", label: "=Office" });
    expect(csvRow(location, new Map())).toContain(`,location,0,,,51.5072,-0.1276,"Trafalgar Square, London",'=Office,`);
    expect(fields(csvRow(location, new Map()))).toMatchObject({ location_address: "Trafalgar Square, London", location_label: "'=Office" });
  });

  it("keeps a button reply's text and payload", () => {
    const button = inboxRow({ body: "Approve", messageType: "button", buttonText: "Approve", buttonPayload: "approve:42" });
    expect(fields(csvRow(button, new Map()))).toMatchObject({ message_type: "button", button_text: "Approve", button_payload: "approve:42" });
  });

  it("refers to another host's attachment by its address without the query, where access tokens travel", () => {
    expect(mediaRef(mediaUrl(3))).toBe(`ME${"3".repeat(32)}`);
    expect(mediaRef("https://user:secret@files.example.com/a/photo.jpg?X-Amz-Signature=abc#top")).toBe("https://files.example.com/a/photo.jpg");
    expect(mediaRef("not a link")).toBe("(unreadable)");
    expect(mediaRef("data:image/png;base64,AAAA")).toBe("(unreadable)");
  });
});
