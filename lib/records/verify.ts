import { setImmediate as nextTurn } from "node:timers/promises";
import type { Db } from "@/db/client";
import { chainWalk, verifyChain, type Chain, type ChainReport } from "@/db/queries/chain";

export interface RecordsReport {
  intact: boolean;
  chains: ChainReport[];
}

const CHAINS: Chain[] = ["audit_log", "messages"];

const report = (chains: ChainReport[]): RecordsReport => ({ intact: chains.every((chain) => chain.firstBroken === null), chains });

/** Proves the audit log and the messages unaltered, or names the first row that is not. */
export function verifyRecords(db: Db): RecordsReport {
  return report(CHAINS.map((chain) => verifyChain(db, chain)));
}


/**
 * The same proof inside the server, handing the event loop back between batches: a million
 * messages take seconds to hash, and webhooks must keep their answers meanwhile.
 */
export async function verifyRecordsInTurns(db: Db): Promise<RecordsReport> {
  const chains: ChainReport[] = [];
  for (const chain of CHAINS) {
    const walk = chainWalk(db, chain);
    for (let step = walk.next(); ; step = walk.next()) {
      if (step.done) {
        chains.push(step.value);
        break;
      }
      await nextTurn();
    }
  }
  return report(chains);
}

export function describeReport(report: RecordsReport): string {
  return report.chains
    .map((chain) =>
      chain.firstBroken
        ? `${chain.chain}: BROKEN at row ${chain.firstBroken.id} (${chain.firstBroken.problem}) after ${chain.rows - 1} intact rows`
        : `${chain.chain}: intact, ${chain.rows} rows, ${chain.gapsBridged} recorded deletions bridged, head ${chain.head.slice(0, 16)}…`,
    )
    .join("\n");
}
