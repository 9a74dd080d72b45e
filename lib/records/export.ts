import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { strToU8, zipSync } from "fflate";
import type { Db } from "@/db/client";
import { inboxRows } from "@/db/queries/inbox";
import { CSV_HEADER, csvLine, csvRow } from "@/lib/inbox/csv";
import { internalValue } from "@/lib/settings";
import { verifyRecords } from "./verify";

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

/**
 * A period's messages for a regulator: messages.csv, manifest.json (counts, the CSV's SHA-256, the
 * hash-chain heads and whether they verify) and manifest.sig (Ed25519 over manifest.json).
 */
export function buildBundle(db: Db, period: { from: Date; to: Date }, now = new Date()): { zip: Uint8Array; manifest: BundleManifest } {
  let csv = `\uFEFF${csvLine(CSV_HEADER)}`;
  const counts = { total: 0, received: 0, sent: 0 };
  for (const row of inboxRows(db, { from: period.from, to: period.to })) {
    csv += csvRow(row);
    counts.total++;
    counts[row.direction === "inbound" ? "received" : "sent"]++;
  }
  const csvBytes = strToU8(csv);
  const records = verifyRecords(db);
  const key = signingKey(db);
  const manifest: BundleManifest = {
    format: "switchboard-records-bundle/1",
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    generatedAt: now.toISOString(),
    messages: counts,
    csv: { file: "messages.csv", sha256: createHash("sha256").update(csvBytes).digest("hex") },
    chain: { intact: records.intact, messagesHead: records.chains[1]!.head, auditHead: records.chains[0]!.head },
    signature: { algorithm: "Ed25519", publicKey: key.publicKey, file: "manifest.sig" },
  };
  const manifestBytes = strToU8(JSON.stringify(manifest, null, 2));
  const signature = sign(null, manifestBytes, key.privateKey).toString("base64");
  const zip = zipSync({ "messages.csv": csvBytes, "manifest.json": manifestBytes, "manifest.sig": strToU8(signature) });
  return { zip, manifest };
}
