import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { setImmediate as nextTurn } from "node:timers/promises";
import { strToU8, Zip, ZipDeflate, ZipPassThrough } from "fflate";
import type { Db } from "@/db/client";
import { inboxRows } from "@/db/queries/inbox";
import { CSV_HEADER, csvLine, csvRow } from "@/lib/inbox/csv";
import { internalValue } from "@/lib/settings";
import { verifyRecordsInTurns } from "./verify";

export interface BundleManifest {
  format: "switchboard-records-bundle/1";
  period: { from: string; to: string };
  generatedAt: string;
  messages: { total: number; received: number; sent: number };
  csv: { file: "messages.csv"; sha256: string };
  chain: { intact: boolean; messagesHead: string; auditHead: string };
  signature: { algorithm: "Ed25519"; publicKey: string; file: "manifest.sig" };
}

/** The export signing key: an Ed25519 pair made once and kept; the public half travels in every manifest. */
function signingKey(db: Db): { privateKey: string; publicKey: string } {
  const stored = internalValue(db, "internal.exportSigningKey", () => {
    const pair = generateKeyPairSync("ed25519", { privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    return JSON.stringify(pair);
  });
  return JSON.parse(stored) as { privateKey: string; publicKey: string };
}

/** Rows of messages.csv per piece: each piece is hashed, compressed and followed by a turn of the event loop. */
const PIECE_ROWS = 1_000;

/**
 * A period's messages for a regulator: messages.csv, manifest.json (counts, the CSV's SHA-256, the
 * hash-chain heads and whether they verify) and manifest.sig (Ed25519 over manifest.json). The CSV
 * is compressed piece by piece, never held whole, and the server keeps answering between pieces:
 * a year at a million messages takes most of a minute to export.
 */
export async function buildBundle(db: Db, period: { from: Date; to: Date }, now = new Date()): Promise<{ zip: Uint8Array; manifest: BundleManifest }> {
  const output: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    output.push(chunk);
  });
  const csvEntry = new ZipDeflate("messages.csv", { level: 6 });
  zip.add(csvEntry);
  const csvHash = createHash("sha256");
  const addToCsv = (text: string, final = false) => {
    const bytes = strToU8(text);
    csvHash.update(bytes);
    csvEntry.push(bytes, final);
  };
  let piece = `\uFEFF${csvLine(CSV_HEADER)}`;
  let rowsInPiece = 0;
  const counts = { total: 0, received: 0, sent: 0 };
  for (const row of inboxRows(db, { from: period.from, to: period.to }, PIECE_ROWS)) {
    piece += csvRow(row);
    counts.total++;
    counts[row.direction === "inbound" ? "received" : "sent"]++;
    if (++rowsInPiece === PIECE_ROWS) {
      addToCsv(piece);
      piece = "";
      rowsInPiece = 0;
      await nextTurn();
    }
  }
  addToCsv(piece, true);
  const records = await verifyRecordsInTurns(db);
  const key = signingKey(db);
  const manifest: BundleManifest = {
    format: "switchboard-records-bundle/1",
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    generatedAt: now.toISOString(),
    messages: counts,
    csv: { file: "messages.csv", sha256: csvHash.digest("hex") },
    chain: { intact: records.intact, messagesHead: records.chains[1]!.head, auditHead: records.chains[0]!.head },
    signature: { algorithm: "Ed25519", publicKey: key.publicKey, file: "manifest.sig" },
  };
  const manifestBytes = strToU8(JSON.stringify(manifest, null, 2));
  const signature = sign(null, manifestBytes, key.privateKey).toString("base64");
  for (const [name, bytes] of [["manifest.json", manifestBytes], ["manifest.sig", strToU8(signature)]] as const) {
    const entry = new ZipPassThrough(name);
    zip.add(entry);
    entry.push(bytes, true);
  }
  zip.end();
  return { zip: Buffer.concat(output), manifest };
}
