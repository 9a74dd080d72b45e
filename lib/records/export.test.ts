import { createHash, verify } from "node:crypto";
import { strFromU8, unzipSync } from "fflate";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureContact } from "@/db/queries/contacts";
import { insertMessage } from "@/db/queries/messages";
import { tempDb, type TempDb } from "@/tests/support/db";
import { CSV_HEADER } from "@/lib/inbox/csv";
import { buildBundle, ExportCanceled, streamBundle, type BundleManifest } from "./export";

let t: TempDb;
beforeEach(() => {
  t = tempDb();
  const contactId = ensureContact(t.db, "+919800000001", new Date()).id;
  for (let day = 1; day <= 10; day++) {
    const at = new Date(Date.UTC(2026, 9, day, 10));
    insertMessage(t.db, { direction: day % 2 ? "inbound" : "outbound", fromAddress: "whatsapp:+919800000001", toAddress: "whatsapp:+14155238886", contactId, body: `Message, "${day}"`, status: day % 2 ? "received" : "read", createdAt: at, updatedAt: at });
  }
});
afterEach(() => t.close());

describe("regulator export bundle", () => {
  it("holds the period's messages, a manifest with counts, hashes and chain heads, and a signature anyone can check", async () => {
    const { zip } = await buildBundle(t.db, { from: new Date(Date.UTC(2026, 9, 3)), to: new Date(Date.UTC(2026, 9, 8)) });
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(["manifest.json", "manifest.sig", "messages.csv"]);
    const manifest = JSON.parse(strFromU8(files["manifest.json"]!)) as BundleManifest;
    expect(manifest.messages).toEqual({ total: 5, received: 3, sent: 2 });
    expect(createHash("sha256").update(files["messages.csv"]!).digest("hex")).toBe(manifest.csv.sha256);
    expect(manifest.chain.intact).toBe(true);
    expect(manifest.chain.messagesHead).toMatch(/^[0-9a-f]{64}$/);
    expect(strFromU8(files["messages.csv"]!).split("\r\n").filter(Boolean)).toHaveLength(6);
    const signature = Buffer.from(strFromU8(files["manifest.sig"]!), "base64");
    expect(verify(null, files["manifest.json"]!, manifest.signature.publicKey, signature)).toBe(true);
    const forged = Buffer.from(strFromU8(files["manifest.json"]!).replace('"total": 5', '"total": 4'));
    expect(verify(null, forged, manifest.signature.publicKey, signature)).toBe(false);
  });

  it("signs every bundle with the same kept key", async () => {
    const first = (await buildBundle(t.db, { from: new Date(0), to: new Date() })).manifest.signature.publicKey;
    expect((await buildBundle(t.db, { from: new Date(0), to: new Date() })).manifest.signature.publicKey).toBe(first);
  });

  it("is made as it is read: bytes go out before the rows are all read, and the manifest settles after the last byte", async () => {
    const contactId = ensureContact(t.db, "+919800000002", new Date()).id;
    t.db.$client.transaction(() => {
      for (let i = 0; i < 5_000; i++) {
        const at = new Date(Date.UTC(2026, 9, 20, 0, 0, i));
        insertMessage(t.db, { direction: "inbound", fromAddress: "whatsapp:+919800000002", toAddress: "whatsapp:+14155238886", contactId, body: `Holding statement ${i} ${"x".repeat(i % 97)}`, status: "received", createdAt: at, updatedAt: at });
      }
    })();
    const { stream, manifest } = streamBundle(t.db, { from: new Date(Date.UTC(2026, 9, 20)), to: new Date(Date.UTC(2026, 9, 21)) });
    let settled = false;
    void manifest.then(() => (settled = true));
    const reader = stream.getReader();
    const chunks: Uint8Array[] = [];
    const first = await reader.read();
    chunks.push(first.value!);
    // Less than the whole CSV is out, and nothing is signed yet.
    expect(settled).toBe(false);
    for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value);
    const done = await manifest;
    expect(done.messages.total).toBe(5_000);
    expect(done.format).toBe("switchboard-records-bundle/3");
    expect(chunks.length).toBeGreaterThan(2);
    const files = unzipSync(Buffer.concat(chunks));
    expect(strFromU8(files["messages.csv"]!).split("\r\n").filter(Boolean)).toHaveLength(5_001);
    expect(createHash("sha256").update(files["messages.csv"]!).digest("hex")).toBe(done.csv.sha256);
  });

  it("stops reading when the download is canceled, and says so instead of producing a manifest", async () => {
    const { stream, manifest } = streamBundle(t.db, { from: new Date(0), to: new Date() });
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel();
    await expect(manifest).rejects.toBeInstanceOf(ExportCanceled);
    // The first piece was read and sent before the reader stopped: the route audits how many.
    await expect(manifest).rejects.toMatchObject({ rowsRead: 10 });
  });

  it("records each message with the WhatsApp name it carried, and who sent what went out, however the contact's name changes later", async () => {
    const contactId = ensureContact(t.db, "+919800000003", new Date()).id;
    const at = new Date(Date.UTC(2026, 9, 25, 9));
    const officer = t.db.$client.prepare("insert into users (email, name, password_hash, role, active, created_at, updated_at) values ('officer@example.com', 'Officer', 'x', 'staff', 1, 0, 0) returning id").pluck().get() as number;
    insertMessage(t.db, { messageSid: `SM${"3".repeat(32)}`, direction: "inbound", fromAddress: "whatsapp:+919800000003", toAddress: "whatsapp:+14155238886", contactId, body: "Holding statement attached", status: "received", profileName: "Asha", createdAt: at, updatedAt: at });
    const later = new Date(at.getTime() + 60_000);
    insertMessage(t.db, { direction: "outbound", fromAddress: "whatsapp:+14155238886", toAddress: "whatsapp:+919800000003", contactId, body: "Received, thank you", status: "read", sentByUserId: officer, createdAt: later, updatedAt: later });
    t.db.$client.prepare("update contacts set profile_name = '=HYPERLINK(\"http://evil.example\")' where id = ?").run(contactId);
    const { zip } = await buildBundle(t.db, { from: new Date(Date.UTC(2026, 9, 25)), to: new Date(Date.UTC(2026, 9, 26)) });
    const lines = strFromU8(unzipSync(zip)["messages.csv"]!).split("\r\n");
    expect(lines.find((line) => line.includes("Holding statement attached"))).toContain(",received,'+919800000003,Asha,");
    expect(lines.find((line) => line.includes("Received, thank you"))).toMatch(/,sent,'\+919800000003,,"Received, thank you",.*,officer@example\.com,/);
    expect(lines.join("\n")).not.toContain("evil.example");
  });

  it("says what each message carried besides its body: attachments by type and Twilio media SID, a shared location", async () => {
    const contactId = ensureContact(t.db, "+919800000004", new Date()).id;
    const at = new Date(Date.UTC(2026, 9, 27, 9));
    const account = `AC${"a".repeat(32)}`;
    const photoSid = `MM${"4".repeat(32)}`;
    const media = [1, 2].map((n) => ({ url: `https://api.twilio.com/2010-04-01/Accounts/${account}/Messages/${photoSid}/Media/ME${String(n).repeat(32)}`, contentType: n === 1 ? "image/jpeg" : "application/pdf" }));
    const inbound = { direction: "inbound", fromAddress: "whatsapp:+919800000004", toAddress: "whatsapp:+14155238886", contactId, status: "received", profileName: "Ravi" } as const;
    insertMessage(t.db, { ...inbound, messageSid: photoSid, body: "", messageType: "image", numMedia: 2, media, createdAt: at, updatedAt: at });
    const later = new Date(at.getTime() + 60_000);
    insertMessage(t.db, { ...inbound, messageSid: `SM${"5".repeat(32)}`, body: "", messageType: "location", latitude: 51.5072, longitude: -0.1276, address: "Trafalgar Square, London", label: "Head office", originalRepliedMessageSid: `SM${"6".repeat(32)}`, createdAt: later, updatedAt: later });
    const { zip, manifest } = await buildBundle(t.db, { from: new Date(Date.UTC(2026, 9, 27)), to: new Date(Date.UTC(2026, 9, 28)) });
    expect(manifest.format).toBe("switchboard-records-bundle/3");
    const lines = strFromU8(unzipSync(zip)["messages.csv"]!).replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe(CSV_HEADER.join(","));
    // Newest first: the location, then the photos.
    expect(lines[1]).toBe(`2026-10-27T09:01:00.000Z,received,'+919800000004,Ravi,,,received,,,,SM${"5".repeat(32)},,location,0,,,51.5072,-0.1276,"Trafalgar Square, London",Head office,,,SM${"6".repeat(32)},`);
    expect(lines[2]).toBe(`2026-10-27T09:00:00.000Z,received,'+919800000004,Ravi,,,received,,,,${photoSid},,image,2,image/jpeg application/pdf,ME${"1".repeat(32)} ME${"2".repeat(32)},,,,,,,,`);
    expect(lines.join("\n")).not.toContain(account);
  });
});
