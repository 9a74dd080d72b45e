import type { Db } from "@/db/client";
import { verifyChain, type ChainReport } from "@/db/queries/chain";

export interface RecordsReport {
  intact: boolean;
  chains: ChainReport[];
}

/** Proves the audit log and the messages unaltered, or names the first row that is not. */
export function verifyRecords(db: Db): RecordsReport {
  const chains = [verifyChain(db, "audit_log"), verifyChain(db, "messages")];
  return { intact: chains.every((chain) => chain.firstBroken === null), chains };
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
