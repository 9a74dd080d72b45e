import { describe, expect, it } from "vitest";
import type { InboxRow } from "@/db/queries/inbox";
import { csvField, csvRow, csvStream } from "./csv";

describe("CSV export", () => {
  it("quotes what needs quoting and neutralises formulas", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvField("=HYPERLINK(\"x\")")).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField("+919812345678")).toBe("'+919812345678");
    expect(csvField(null)).toBe("");
    expect(csvField(63016)).toBe("63016");
  });

  it("streams a BOM, a header and one line per row, pulled in chunks", async () => {
    const row = (id: number): InboxRow => ({
      id, direction: "inbound", fromAddress: "whatsapp:+919812345678", toAddress: "whatsapp:+14155238886", body: `Hello, "${id}"`,
      status: "received", command: "OTHER", errorCode: null, errorMessage: null, numMedia: 0, flag: null, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, id)),
      contactId: 1, handledAt: null, messageSid: `SM${id}`, latitude: null, longitude: null, sentByUserId: null, phone: "+919812345678", profileName: "Asha now",
      messageProfileName: "Asha 🙂",
    });
    const rows = [1, 2, 3].map(row)[Symbol.iterator]();
    const text = await new Response(csvStream(rows, new Map(), 2)).text();
    const bytes = new Uint8Array(await new Response(csvStream([row(1)][Symbol.iterator](), new Map())).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = text.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("time_utc,direction,number,profile_name,body,command,status,error_code,flag,handled_at_utc,message_sid,sent_by");
    // The name the message carried, not the contact's name today.
    expect(lines[1]).toBe(`2026-01-01T00:00:01.000Z,received,'+919812345678,Asha 🙂,"Hello, ""1""",OTHER,received,,,,SM1,`);
    expect(lines).toHaveLength(5);
  });

  it("names who sent what went out: the staff member, or automatic for auto-replies and reminders", () => {
    const sent = (sentByUserId: number | null): InboxRow => ({
      id: 9, direction: "outbound", fromAddress: "whatsapp:+14155238886", toAddress: "whatsapp:+919812345678", body: "Noted", status: "read", command: null,
      errorCode: null, errorMessage: null, numMedia: 0, flag: null, createdAt: new Date(Date.UTC(2026, 0, 1)), contactId: 1, handledAt: null, messageSid: "SM9",
      latitude: null, longitude: null, sentByUserId, phone: "+919812345678", profileName: "Asha now", messageProfileName: null,
    });
    const senders = new Map([[3, "officer@example.com"]]);
    expect(csvRow(sent(3), senders)).toBe("2026-01-01T00:00:00.000Z,sent,'+919812345678,,Noted,,read,,,,SM9,officer@example.com\r\n");
    expect(csvRow(sent(null), senders)).toMatch(/,SM9,automatic\r\n$/);
  });
});
