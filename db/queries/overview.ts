import { and, count, countDistinct, eq, gte } from "drizzle-orm";
import type { Db } from "../client";
import { contacts, messages } from "../schema";

export interface OverviewCounts {
  receivedToday: number;
  sentToday: number;
  sendersToday: number;
  contacts: number;
}

export function overviewCounts(db: Db, since: Date): OverviewCounts {
  const received = db
    .select({ n: count(), senders: countDistinct(messages.fromAddress) })
    .from(messages)
    .where(and(eq(messages.direction, "inbound"), gte(messages.createdAt, since)))
    .get();
  const sent = db.select({ n: count() }).from(messages).where(and(eq(messages.direction, "outbound"), gte(messages.createdAt, since))).get();
  const people = db.select({ n: count() }).from(contacts).get();
  return { receivedToday: received?.n ?? 0, sentToday: sent?.n ?? 0, sendersToday: received?.senders ?? 0, contacts: people?.n ?? 0 };
}
