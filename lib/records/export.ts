import { createHash, sign } from "node:crypto";
import { setImmediate as nextTurn } from "node:timers/promises";
import { strToU8, Zip, ZipDeflate, ZipPassThrough } from "fflate";
import type { Db } from "@/db/client";
import { inboxRows } from "@/db/queries/inbox";
import { userEmails } from "@/db/queries/users";
import { CSV_HEADER, csvLine, csvRow } from "@/lib/inbox/csv";
import { signingKey } from "./signing-key";
import { verifyRecordsInTurns } from "./verify";

export interface BundleManifest {
  /**
   * 2: messages.csv gained `sent_by`, and `profile_name` became the name each message carried.
   * 3: it gained what each message carried besides its body: type, attachments, location, button
   * reply, the message it replied to and Twilio's other parameters (see CSV_HEADER).
   */
  format: "switchboard-records-bundle/3";
  period: { from: string; to: string };
  generatedAt: string;
  messages: { total: number; received: number; sent: number };
  csv: { file: "messages.csv"; sha256: string };
  chain: { intact: boolean; messagesHead: string; auditHead: string };
  signature: { algorithm: "Ed25519"; publicKey: string; file: "manifest.sig" };
}

/** Rows of messages.csv per piece: each piece is hashed, compressed and followed by a turn of the event loop. */
const PIECE_ROWS = 1_000;

export class ExportCanceled extends Error {
  /** Messages read into the CSV before the reader stopped (most of them already sent). */
  constructor(readonly rowsRead: number) {
    super(`the download was canceled after ${rowsRead} messages, before the bundle was complete`);
    this.name = "ExportCanceled";
  }
}

export interface BundleStream {
  /** The zip's bytes as they are made: a year at a million messages is never held whole. */
  stream: ReadableStream<Uint8Array>;
  /** Settles once the last byte is out; rejects with ExportCanceled if the reader stopped first. */
  manifest: Promise<BundleManifest>;
}

/**
 * A period's messages for a regulator: messages.csv, manifest.json (counts, the CSV's SHA-256, the
 * hash-chain heads and whether they verify) and manifest.sig (Ed25519 over manifest.json). Made as
 * it is read: each piece of the CSV is compressed and handed on when the reader asks for more, and
 * the server keeps answering between pieces (a year at a million messages takes most of a minute).
 * The manifest comes last in the zip, so it can hash and count what was sent before it.
 */
export function streamBundle(db: Db, period: { from: Date; to: Date }, now = new Date()): BundleStream {
  let settle!: { resolve: (manifest: BundleManifest) => void; reject: (error: unknown) => void };
  const manifest = new Promise<BundleManifest>((resolve, reject) => (settle = { resolve, reject }));
  // The route may stop listening before anything is read; the rejection is still reported to it.
  manifest.catch(() => undefined);
  const made: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    made.push(chunk);
  });
  const csvEntry = new ZipDeflate("messages.csv", { level: 6 });
  zip.add(csvEntry);
  const csvHash = createHash("sha256");
  const addToCsv = (text: string, final = false) => {
    const bytes = strToU8(text);
    csvHash.update(bytes);
    csvEntry.push(bytes, final);
  };
  const counts = { total: 0, received: 0, sent: 0 };
  const rows = inboxRows(db, { from: period.from, to: period.to }, PIECE_ROWS);
  const senders = userEmails(db);
  let header = true;
  let rowsDone = false;
  // Set when the reader goes away: every await below may come back to find nobody listening.
  let canceled = false;

  /** The next piece of the CSV; false once the CSV is complete. */
  const nextPiece = (): boolean => {
    let piece = header ? `\uFEFF${csvLine(CSV_HEADER)}` : "";
    header = false;
    for (let taken = 0; taken < PIECE_ROWS; taken++) {
      const next = rows.next();
      if (next.done) {
        addToCsv(piece, true);
        return false;
      }
      piece += csvRow(next.value, senders);
      counts.total++;
      counts[next.value.direction === "inbound" ? "received" : "sent"]++;
    }
    addToCsv(piece);
    return true;
  };

  const finish = async (): Promise<BundleManifest> => {
    const records = await verifyRecordsInTurns(db);
    if (canceled) throw new ExportCanceled(counts.total);
    const key = signingKey(db);
    const done: BundleManifest = {
      format: "switchboard-records-bundle/3",
      period: { from: period.from.toISOString(), to: period.to.toISOString() },
      generatedAt: now.toISOString(),
      messages: counts,
      csv: { file: "messages.csv", sha256: csvHash.digest("hex") },
      chain: { intact: records.intact, messagesHead: records.chains[1]!.head, auditHead: records.chains[0]!.head },
      signature: { algorithm: "Ed25519", publicKey: key.publicKey, file: "manifest.sig" },
    };
    const manifestBytes = strToU8(JSON.stringify(done, null, 2));
    const signature = sign(null, manifestBytes, key.privateKey).toString("base64");
    for (const [name, bytes] of [["manifest.json", manifestBytes], ["manifest.sig", strToU8(signature)]] as const) {
      const entry = new ZipPassThrough(name);
      zip.add(entry);
      entry.push(bytes, true);
    }
    zip.end();
    return done;
  };

  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        // A piece may compress to nothing yet (deflate holds back until it has enough): keep going
        // until there is something to hand on, with a turn of the event loop between pieces.
        while (made.length === 0 && !rowsDone) {
          rowsDone = !nextPiece();
          if (!rowsDone) await nextTurn();
          if (canceled) return;
        }
        if (made.length > 0) {
          for (const chunk of made.splice(0)) controller.enqueue(chunk);
          return;
        }
        const done = await finish();
        for (const chunk of made.splice(0)) controller.enqueue(chunk);
        controller.close();
        settle.resolve(done);
      } catch (error) {
        controller.error(error);
        settle.reject(error);
      }
    },
    cancel() {
      canceled = true;
      rows.return(undefined);
      settle.reject(new ExportCanceled(counts.total));
    },
  });
  return { stream, manifest };
}

/** The whole bundle in memory: for tests and scripts; the route streams it. */
export async function buildBundle(db: Db, period: { from: Date; to: Date }, now = new Date()): Promise<{ zip: Uint8Array; manifest: BundleManifest }> {
  const { stream, manifest } = streamBundle(db, period, now);
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value);
  return { zip: Buffer.concat(chunks), manifest: await manifest };
}
