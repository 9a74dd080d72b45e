import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { recentAudit } from "@/db/queries/audit";
import { tempDb, type TempDb } from "@/tests/support/db";
import { DEFAULT_REPLIES } from "@/lib/commands/replies";
import { getSettings, newWebhookToken, parseIpAllowList, sessionSecret, updateSettings } from ".";

let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.close());

const admin = { id: null, label: "admin@example.com", ip: "127.0.0.1" };

describe("settings", () => {
  it("starts with incoming messages off and no token", () => {
    expect(getSettings(t.db)).toEqual({
      incomingEnabled: false,
      webhookTokenEnabled: false,
      webhookToken: "",
      previousWebhookToken: "",
      webhookTokenRotatedAt: 0,
      dailyLimit: 50,
      cooldownSeconds: 2,
      sendRatePerSecond: 10,
      expiryLeadDays: [30, 7, 1],
      expiryTemplateSid: "",
      approvalTemplateSid: "",
      templates: [],
      retentionDays: 2555,
      retentionFloorDays: 2555,
      errorLogDays: 90,
      statusEventDays: 365,
      ipAllowList: [],
      replies: DEFAULT_REPLIES,
      twilioReachesUsAt: "",
    });
  });

  it("keeps default texts for replies that were never edited, and falls back on corrupt values", () => {
    updateSettings(t.db, admin, { replies: { ...DEFAULT_REPLIES, help: "Custom help" } });
    expect(getSettings(t.db).replies).toEqual({ ...DEFAULT_REPLIES, help: "Custom help" });
    t.db.$client.prepare("update settings set value = '\"not a number\"' where key = 'dailyLimit'").run();
    t.db.$client.prepare("insert into settings (key, value, updated_at) values ('dailyLimit', '\"x\"', 0) on conflict(key) do update set value = excluded.value").run();
    const reopened = openDatabase(t.file);
    expect(getSettings(reopened).dailyLimit).toBe(50);
    reopened.$client.close();
  });

  it("gives the record answers their default texts when the stored replies predate them", () => {
    const before = { welcome: "Hi {name}, welcome.", help: DEFAULT_REPLIES.help, notRegistered: DEFAULT_REPLIES.notRegistered, stop: DEFAULT_REPLIES.stop, start: DEFAULT_REPLIES.start, fallback: DEFAULT_REPLIES.fallback };
    t.db.$client.prepare("insert into settings (key, value, updated_at) values ('replies', ?, 0)").run(JSON.stringify(before));
    const reopened = openDatabase(t.file);
    const replies = getSettings(reopened).replies;
    reopened.$client.close();
    expect(replies).toEqual({ ...DEFAULT_REPLIES, welcome: "Hi {name}, welcome." });
    expect(replies.statusClear).toBe("Hi {name}, all your compliance requirements are up to date!");
    expect(replies.rejected).toBe("Rejected request {id}: {title}. Reason noted: {reason}");
  });

  it("persists a change and audits before → after", () => {
    updateSettings(t.db, admin, { incomingEnabled: true }, "settings.incoming_enabled");
    expect(getSettings(t.db).incomingEnabled).toBe(true);
    const reopened = openDatabase(t.file);
    expect(getSettings(reopened).incomingEnabled).toBe(true);
    reopened.$client.close();
    const [entry] = recentAudit(t.db, 5);
    expect(entry).toMatchObject({ action: "settings.incoming_enabled", actorLabel: "admin@example.com", before: { incomingEnabled: false }, after: { incomingEnabled: true } });
  });

  it("writes nothing when nothing changes", () => {
    updateSettings(t.db, admin, { incomingEnabled: false });
    expect(recentAudit(t.db, 5)).toHaveLength(0);
  });

  it("never copies the webhook token into the audit trail", () => {
    const token = newWebhookToken();
    updateSettings(t.db, admin, { webhookTokenEnabled: true, webhookToken: token });
    const [entry] = recentAudit(t.db, 5);
    expect(JSON.stringify(entry)).not.toContain(token);
    expect(entry?.after).toEqual({ webhookTokenEnabled: true, webhookToken: "(set)" });
  });

  it("sees a change made by another connection (a second instance) from the next turn, despite the cache", async () => {
    expect(getSettings(t.db).incomingEnabled).toBe(false);
    const other = openDatabase(t.file);
    other.$client.prepare("insert into settings (key, value, updated_at) values ('incomingEnabled', 'true', 0)").run();
    other.$client.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(getSettings(t.db).incomingEnabled).toBe(true);
  });

  it("generates a session secret once and keeps it", () => {
    const first = sessionSecret(t.db, undefined);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(sessionSecret(t.db, undefined)).toBe(first);
    expect(sessionSecret(t.db, "configured".repeat(4))).toBe("configured".repeat(4));
  });

  it("reads the IP allow-list as typed into canonical ranges, once each", () => {
    expect(parseIpAllowList("203.0.113.0/24\n10.0.0.1, 10.0.0.1/32  2001:db8::/32")).toEqual(["203.0.113.0/24", "10.0.0.1/32", "2001:db8::/32"]);
    expect(parseIpAllowList(" \n ")).toEqual([]);
  });

  it("refuses an allow-list by its first bad entry, naming the allow-list input", () => {
    expect(parseIpAllowList("203.0.113.0/24\nexample.com\n10.0.0.0/33")).toEqual({
      error: "“example.com” is not an IP address or CIDR range (e.g. 203.0.113.0/24 or 2001:db8::/32)",
      field: "ipAllowList",
    });
  });

  it("makes tokens that are URL-safe and unguessable", () => {
    const tokens = new Set(Array.from({ length: 50 }, newWebhookToken));
    expect(tokens.size).toBe(50);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });
});
