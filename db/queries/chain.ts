import { createHash } from "node:crypto";
import type { Db } from "../client";

/**
 * Hash chains over the audit log and the messages: each row's hash is SHA-256 over the previous
 * row's hash and this row's unchanging fields, so editing, inserting or deleting a row unnoticed is
 * impossible. Legitimate deletions (purges, erasures) leave a recorded gap that bridges the chain.
 */
export type Chain = "messages" | "audit_log";

export const GENESIS = "0".repeat(64);

const FIELDS: Record<Chain, string> = {
  messages: "id, message_sid, direction, from_address, to_address, body, created_at",
  audit_log: "id, at, actor_user_id, actor_label, action, target, before, after, ip",
};

type RawRow = Record<string, unknown> & { id: number; prev_hash: string | null; hash: string | null };

// An outbound message learns its SID from Twilio after it is stored (the send's answer, or the
// first status callback of a TwiML reply), so only an inbound message's SID is part of its seal.
function sealedValue(chain: Chain, row: Record<string, unknown>, field: string): unknown {
  if (chain === "messages" && field === "message_sid" && row.direction !== "inbound") return null;
  return row[field] ?? null;
}

export function rowHash(chain: Chain, prevHash: string, row: Record<string, unknown>): string {
  const canonical = JSON.stringify(FIELDS[chain].split(", ").map((field) => sealedValue(chain, row, field)));
  return createHash("sha256").update(prevHash).update("\n").update(canonical).digest("hex");
}

function statements(db: Db, chain: Chain) {
  const sqlite = db.$client;
  return {
    tail: sqlite.prepare(`select hash from ${chain} where hash is not null order by id desc limit 1`).pluck(),
    row: sqlite.prepare(`select ${FIELDS[chain]}, prev_hash, hash from ${chain} where id = ?`),
    seal: sqlite.prepare(`update ${chain} set prev_hash = ?, hash = ? where id = ?`),
  };
}
const cache = new WeakMap<Db["$client"], Record<Chain, ReturnType<typeof statements>>>();
function prepared(db: Db, chain: Chain) {
  let found = cache.get(db.$client);
  if (!found) {
    found = { messages: statements(db, "messages"), audit_log: statements(db, "audit_log") };
    cache.set(db.$client, found);
  }
  return found[chain];
}

/**
 * Links a freshly inserted row to the chain's tail. Runs inside the inserting transaction. The
 * caller may pass the row's fields as stored (SQLite values), sparing a read on the webhook path.
 */
export function sealRow(db: Db, chain: Chain, id: number, stored?: Record<string, unknown>): void {
  const statement = prepared(db, chain);
  const prev = (statement.tail.get() as string | undefined) ?? GENESIS;
  const row = stored ?? (statement.row.get(id) as RawRow | undefined);
  if (row) statement.seal.run(prev, rowHash(chain, prev, row), id);
}

/** Seals rows written without a hash (databases from before the chain, bulk seeds), in id order. */
export function sealUnsealed(db: Db, chain: Chain, batch = 20_000): number {
  const sqlite = db.$client;
  let sealed = 0;
  for (;;) {
    const done = sqlite.transaction(() => {
      const first = sqlite.prepare(`select min(id) from ${chain} where hash is null`).pluck().get() as number | null;
      if (first === null) return 0;
      let prev = (sqlite.prepare(`select hash from ${chain} where id < ? and hash is not null order by id desc limit 1`).pluck().get(first) as string | undefined) ?? GENESIS;
      const rows = sqlite.prepare(`select ${FIELDS[chain]}, prev_hash, hash from ${chain} where id >= ? order by id limit ?`).all(first, batch) as RawRow[];
      const seal = sqlite.prepare(`update ${chain} set prev_hash = ?, hash = ? where id = ?`);
      for (const row of rows) {
        // Sealed rows are never rewritten (that would hide tampering); only unsealed ones get a hash.
        if (!row.hash) {
          const hash = rowHash(chain, prev, row);
          seal.run(prev, hash, row.id);
          prev = hash;
        } else prev = row.hash;
      }
      return rows.length;
    }).immediate();
    sealed += done;
    if (done < batch) return sealed;
  }
}

/** Before rows leave the chain legitimately, records each removed run's hashes on either side. */
export function recordGaps(db: Db, chain: Chain, ids: number[], reason: string, at: Date): void {
  if (ids.length === 0) return;
  const sqlite = db.$client;
  const rows = sqlite.prepare(`select id, prev_hash, hash from ${chain} where id in (${ids.map(() => "?").join(",")}) order by id`).all(...ids) as RawRow[];
  const insert = sqlite.prepare("insert into chain_gaps (chain, before_hash, after_hash, rows, reason, at) values (?, ?, ?, ?, ?, ?)");
  let start = 0;
  for (let i = 1; i <= rows.length; i++) {
    const previous = rows[i - 1]!;
    const current = rows[i];
    // A run continues while the next removed row links straight to this one.
    if (current && current.prev_hash === previous.hash) continue;
    const first = rows[start]!;
    if (first.prev_hash && previous.hash) insert.run(chain, first.prev_hash, previous.hash, i - start, reason, at.getTime());
    start = i;
  }
}

export interface ChainReport {
  chain: Chain;
  rows: number;
  gapsBridged: number;
  /** The first row whose hash or link does not hold, or null when the chain is intact. */
  firstBroken: { id: number; problem: string } | null;
  head: string;
}

/** Rows checked per step: a step of a walk that yields between steps stays a few milliseconds long. */
export const VERIFY_BATCH = 2_000;
/** Fresh starts a walk allows itself when deletions overlap it, before it reports what it found. */
const MAX_RESTARTS = 3;

/**
 * Walks a chain in id order: every row must hash to its stored hash and link to the previous one (or
 * across a recorded gap). A generator, so a caller on the server can hand the event loop back
 * between batches (a million rows take seconds); rows written after the walk began are left for
 * the next one.
 */
export function* chainWalk(db: Db, chain: Chain, batch = VERIFY_BATCH): Generator<void, ChainReport> {
  const sqlite = db.$client;
  const loadGaps = () =>
    new Map((sqlite.prepare("select before_hash, after_hash from chain_gaps where chain = ?").all(chain) as { before_hash: string; after_hash: string }[]).map((gap) => [gap.before_hash, gap.after_hash]));
  const gapCount = sqlite.prepare("select count(*) from chain_gaps where chain = ?").pluck();
  let gaps = loadGaps();
  let gapsAtStart = gapCount.get(chain) as number;
  let last = (sqlite.prepare(`select max(id) from ${chain}`).pluck().get() as number | null) ?? 0;
  const page = sqlite.prepare(`select ${FIELDS[chain]}, prev_hash, hash from ${chain} where id > ? and id <= ? order by id limit ?`);
  const follows = (expected: string, prevHash: string) => {
    let link = expected;
    let hops = 0;
    const seen = new Set<string>();
    while (link !== prevHash && gaps.has(link) && !seen.has(link)) {
      seen.add(link);
      link = gaps.get(link)!;
      hops++;
    }
    return link === prevHash ? hops : null;
  };
  let expected = GENESIS;
  let rows = 0;
  let bridged = 0;
  let after = 0;
  let restarts = 0;
  walking: for (;;) {
    const batchRows = page.all(after, last, batch) as RawRow[];
    for (const row of batchRows) {
      rows++;
      const broken = (problem: string): ChainReport => ({ chain, rows, gapsBridged: bridged, firstBroken: { id: row.id, problem }, head: expected });
      if (!row.hash || !row.prev_hash) return broken("row has no hash");
      if (rowHash(chain, row.prev_hash, row) !== row.hash) return broken("row content does not match its hash (altered)");
      // A purge between two steps records its gap after the walk read them: look again before calling it a break.
      let hops = follows(expected, row.prev_hash);
      if (hops === null) {
        gaps = loadGaps();
        hops = follows(expected, row.prev_hash);
      }
      if (hops === null && restarts < MAX_RESTARTS && (gapCount.get(chain) as number) !== gapsAtStart) {
        // A purge or an erasure ran between two steps and removed rows on both sides of where the
        // walk stood: its gap starts behind the walk, so start again rather than report tampering.
        restarts++;
        gapsAtStart = gapCount.get(chain) as number;
        last = (sqlite.prepare(`select max(id) from ${chain}`).pluck().get() as number | null) ?? 0;
        [expected, rows, bridged, after] = [GENESIS, 0, 0, 0];
        yield;
        continue walking;
      }
      if (hops === null) return broken("row does not follow the previous row (a row was removed or inserted)");
      bridged += hops;
      expected = row.hash;
    }
    if (batchRows.length < batch) return { chain, rows, gapsBridged: bridged, firstBroken: null, head: expected };
    after = batchRows.at(-1)!.id;
    yield;
  }
}

/** The whole walk at once: for the command line and tests, where nothing else waits. */
export function verifyChain(db: Db, chain: Chain): ChainReport {
  const walk = chainWalk(db, chain);
  for (;;) {
    const step = walk.next();
    if (step.done) return step.value;
  }
}
