import { and, count, countDistinct, eq, gte } from "drizzle-orm";
import type { Db } from "../client";
import { contacts, messages } from "../schema";

export interface OverviewCounts {
  receivedToday: number;
  sentToday: number;
  sendersToday: number;
  contacts: number;
  /** Whether any message has ever come in (a send creates a contact too, so contacts cannot tell). */
  anyInbound: boolean;
}

export function overviewCounts(db: Db, since: Date): OverviewCounts {
  const received = db
    .select({ n: count(), senders: countDistinct(messages.fromAddress) })
    .from(messages)
    .where(and(eq(messages.direction, "inbound"), gte(messages.createdAt, since)))
    .get();
  const sent = db.select({ n: count() }).from(messages).where(and(eq(messages.direction, "outbound"), gte(messages.createdAt, since))).get();
  const people = db.select({ n: count() }).from(contacts).get();
  const firstInbound = db.select({ id: messages.id }).from(messages).where(eq(messages.direction, "inbound")).limit(1).get();
  return { receivedToday: received?.n ?? 0, sentToday: sent?.n ?? 0, sendersToday: received?.senders ?? 0, contacts: people?.n ?? 0, anyInbound: firstInbound !== undefined };
}
