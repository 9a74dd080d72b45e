import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureContact, setOptedOut } from "@/db/queries/contacts";
import { insertMessage, type NewMessage } from "@/db/queries/messages";
import { tempDb, type TempDb } from "@/tests/support/db";
import { DAY_MS, HOUR_MS, parsePeriod } from "./period";
import { analyticsReport, latencyLabel } from "./report";

let t: TempDb;
const now = Date.parse("2026-11-25T15:30:00Z");
const today = now - (now % DAY_MS);

function add(values: Partial<NewMessage> & { createdAt: Date }) {
  return insertMessage(t.db, { direction: "inbound", fromAddress: "whatsapp:+1", toAddress: "whatsapp:+2", body: "", status: "received", updatedAt: values.createdAt, ...values });
}

beforeEach(() => {
  t = tempDb();
  const a = ensureContact(t.db, "+919800000001", new Date(now)).id;
  const b = ensureContact(t.db, "+919800000002", new Date(now)).id;
  const help = add({ createdAt: new Date(today + 9 * HOUR_MS), contactId: a, command: "HELP" });
  add({ createdAt: new Date(today + 9 * HOUR_MS + 1), direction: "outbound", contactId: a, status: "read", replyToId: help.id, sentAt: new Date(today + 9 * HOUR_MS + 500), deliveredAt: new Date(today + 9 * HOUR_MS + 2500) });
  add({ createdAt: new Date(today + 10 * HOUR_MS), contactId: b, command: "STOP" });
  setOptedOut(t.db, b, true, new Date(today + 10 * HOUR_MS));
  add({ createdAt: new Date(today - 3 * DAY_MS), contactId: b, command: "HELP" });
  add({ createdAt: new Date(today - 3 * DAY_MS), direction: "outbound", contactId: b, status: "failed", errorCode: 63016 });
  add({ createdAt: new Date(today - 3 * DAY_MS), direction: "outbound", contactId: b, status: "delivered", sentAt: new Date(today - 3 * DAY_MS), deliveredAt: new Date(today - 3 * DAY_MS + 40_000) });
  add({ createdAt: new Date(today - 40 * DAY_MS), contactId: a, command: "STATUS" });
});
afterEach(() => t.close());

describe("analyticsReport", () => {
  it("counts the people who opted out in the period and still are, not their STOP messages", () => {
    const b = ensureContact(t.db, "+919800000002", new Date(now)).id;
    add({ createdAt: new Date(today + 11 * HOUR_MS), contactId: b, command: "STOP" });
    add({ createdAt: new Date(today + 12 * HOUR_MS), contactId: b, command: "STOP" });
    // Someone who opted out and came back with START is not counted.
    const c = ensureContact(t.db, "+919800000003", new Date(now)).id;
    add({ createdAt: new Date(today + 11 * HOUR_MS), contactId: c, command: "STOP" });
    setOptedOut(t.db, c, true, new Date(today + 11 * HOUR_MS));
    setOptedOut(t.db, c, false, new Date(today + 12 * HOUR_MS));
    const report = analyticsReport(t.db, parsePeriod({ period: "today" }, now), now);
    expect(report.commands).toContainEqual({ command: "STOP", count: 4 });
    expect(report.totals.optOuts).toBe(1);
    // Opted out before the period: not in it.
    expect(analyticsReport(t.db, parsePeriod({ period: "custom", from: "2026-11-01", to: "2026-11-20" }, now), now).totals.optOuts).toBe(0);
  });

  it("answers today's numbers with hourly volume", () => {
    const report = analyticsReport(t.db, parsePeriod({ period: "today" }, now), now);
    expect(report.today).toEqual({ received: 2, sent: 1 });
    expect(report.totals).toMatchObject({ received: 2, sent: 1, uniqueSenders: 2, optOuts: 1, failures: 0, replyRate: 0.5, medianLatency: "under 5 s" });
    expect(report.commands).toEqual([{ command: "HELP / MENU", count: 1 }, { command: "STOP", count: 1 }]);
    expect(report.volume).toHaveLength(16);
    expect(report.volume[9]).toEqual({ start: today + 9 * HOUR_MS, received: 1, sent: 1 });
    expect(report.volume[10]).toMatchObject({ received: 1, sent: 0 });
  });

  it("answers a week with the funnel, errors and daily volume", () => {
    const report = analyticsReport(t.db, parsePeriod({ period: "7d" }, now), now);
    expect(report.totals).toMatchObject({ received: 3, sent: 3, uniqueSenders: 2, failures: 1 });
    expect(report.funnel).toMatchObject({ total: 3, attempted: 3, sent: 2, delivered: 2, read: 1, failed: 1, refused: 0 });
  });

  it("leaves messages refused before sending out of the funnel's 100%", () => {
    for (let i = 0; i < 8; i++) add({ createdAt: new Date(today - DAY_MS), direction: "outbound", contactId: null, status: "refused" });
    const report = analyticsReport(t.db, parsePeriod({ period: "7d" }, now), now);
    expect(report.funnel).toMatchObject({ total: 11, attempted: 3, sent: 2, refused: 8 });
    expect(report.errors).toEqual([{ code: 63016, count: 1, meaning: "Outside the 24-hour window: only an approved template can be sent" }]);
    expect(report.volume).toHaveLength(7);
    expect(report.volume[3]).toEqual({ start: today - 3 * DAY_MS, received: 1, sent: 2 });
    expect(report.totals.medianLatency).toBe("under 5 s");
  });

  it("covers a custom range, both days included, and an empty one", () => {
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const custom = parsePeriod({ period: "custom", from: day(today - 40 * DAY_MS), to: day(today - 3 * DAY_MS) }, now);
    expect(custom).toMatchObject({ key: "custom", bucketLabel: "day" });
    expect(analyticsReport(t.db, custom, now).totals.received).toBe(2);
    const empty = analyticsReport(t.db, parsePeriod({ period: "custom", from: "2020-01-01", to: "2020-01-31" }, now), now);
    expect(empty.totals).toMatchObject({ received: 0, sent: 0, replyRate: null, medianLatency: null });
    expect(empty.commands).toEqual([]);
  });

  it("takes a custom range typed the wrong way round as the days between, shown in order", () => {
    const backwards = parsePeriod({ period: "custom", from: "2026-11-27", to: "2026-11-20" }, now);
    expect(backwards).toMatchObject({ label: "2026-11-20 – 2026-11-27", customFrom: "2026-11-20", customTo: "2026-11-27", from: Date.parse("2026-11-20T00:00:00Z"), to: Date.parse("2026-11-28T00:00:00Z") });
    expect(parsePeriod({ period: "custom", from: "2026-11-20", to: "2026-11-27" }, now)).toEqual(backwards);
  });

  it("accepts a custom range of exactly 5 years, both days included, and cuts a longer one to that", () => {
    const fiveYears = parsePeriod({ period: "custom", from: "2021-11-27", to: "2026-11-26" }, now);
    expect(fiveYears).toMatchObject({ label: "2021-11-27 – 2026-11-26", customFrom: "2021-11-27", from: Date.parse("2021-11-27T00:00:00Z") });
    expect(fiveYears.notice).toBeUndefined();
    const dayMore = parsePeriod({ period: "custom", from: "2021-11-26", to: "2026-11-26" }, now);
    expect(dayMore).toMatchObject({ customFrom: "2021-11-27", label: "2021-11-27 – 2026-11-26 (custom ranges cover at most 5 years)" });
    // Ending on 28 February before a leap day: 5 years back from 29 February is 1 March.
    expect(parsePeriod({ period: "custom", from: "2020-01-01", to: "2028-02-28" }, now).customFrom).toBe("2023-03-01");
  });

  it("says so on the page when the URL's period or custom range cannot be read, instead of silently showing 7 days", () => {
    expect(parsePeriod({ period: "custom", from: "2026-13-40", to: "2026-11-20" }, now)).toMatchObject({
      key: "7d",
      notice: "The custom range could not be read (From “2026-13-40” is not a date): showing the last 7 days. Give both days, as YYYY-MM-DD.",
    });
    expect(parsePeriod({ period: "custom", to: "2026-11-20" }, now).notice).toBe("The custom range could not be read (From is missing): showing the last 7 days. Give both days, as YYYY-MM-DD.");
    expect(parsePeriod({ period: "custom", from: "yesterday", to: "today" }, now).notice).toContain("(From “yesterday” is not a date; To “today” is not a date)");
    expect(parsePeriod({ period: "forever" }, now).notice).toBe("“forever” is not a period: showing the last 7 days.");
    expect(parsePeriod({ period: "30d" }, now).notice).toBeUndefined();
    expect(parsePeriod({}, now).notice).toBeUndefined();
  });

  it("ignores a malformed period and picks buckets by length", () => {
    expect(parsePeriod({ period: "forever" }, now).key).toBe("7d");
    expect(parsePeriod({ period: "12m" }, now).bucketLabel).toBe("week");
    expect(parsePeriod({ period: "custom", from: "2026-13-40" }, now).key).toBe("7d");
    // Weekly buckets from year 0 would be half a million points: a custom range covers 5 years at most.
    const huge = parsePeriod({ period: "custom", from: "0000-01-01", to: "9999-12-31" }, now);
    expect((huge.to - huge.from) / (7 * DAY_MS)).toBeLessThan(262);
    expect(huge).toMatchObject({ customTo: "9999-12-31", customFrom: "9995-01-01", bucketLabel: "week" });
    expect(huge.label).toContain("at most 5 years");
    expect(analyticsReport(t.db, huge, now).volume.length).toBeLessThan(262);
    expect(latencyLabel(300)).toBe("under 5 min");
    expect(latencyLabel(0)).toBe("over a day");
  });
});
