import { describe, expect, it } from "vitest";
import { tempDb } from "@/tests/support/db";
import { inboxPage } from "./queries/inbox";
import { seedLarge } from "./seed-large";

describe("seedLarge", () => {
  it("writes the requested number of realistic messages in time order, searchable", () => {
    const t = tempDb();
    try {
      const now = new Date("2026-11-01T00:00:00Z");
      expect(seedLarge(t.db, { messages: 5000, numbers: 100, now })).toEqual({ messages: 5000, contacts: 100 });
      const one = <T>(sql: string) => t.db.$client.prepare(sql).get() as T;
      expect(one("select count(*) as n from messages")).toEqual({ n: 5000 });
      expect(one<{ n: number }>("select count(distinct contact_id) as n from messages").n).toBeGreaterThan(50);
      const inbound = one<{ n: number }>("select count(*) as n from messages where direction = 'inbound'").n;
      expect(inbound / 5000).toBeGreaterThan(0.3);
      expect(inbound / 5000).toBeLessThan(0.6);
      const commands = (t.db.$client.prepare("select distinct command from messages where command is not null").all() as { command: string }[]).map((row) => row.command);
      expect(commands).toEqual(expect.arrayContaining(["HELP", "STATUS", "PENDING", "STOP", "ACK", "OTHER"]));
      const statuses = (t.db.$client.prepare("select distinct status from messages").all() as { status: string }[]).map((row) => row.status);
      expect(statuses).toEqual(expect.arrayContaining(["received", "read", "delivered", "failed"]));
      // Written as the webhook would have: ids grow with time.
      expect(one("select count(*) as n from messages a join messages b on b.id = a.id + 1 where b.created_at < a.created_at")).toEqual({ n: 0 });
      const span = one<{ first: number; last: number }>("select min(created_at) as first, max(created_at) as last from messages");
      expect(span.last - span.first).toBeGreaterThan(300 * 86_400_000);
      expect(inboxPage(t.db, { q: "declaration" }, 10).rows.length).toBeGreaterThan(0);
    } finally {
      t.close();
    }
  });
});
