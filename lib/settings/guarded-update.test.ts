import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db/client";
import { recentAudit } from "@/db/queries/audit";
import { DEFAULT_REPLIES } from "@/lib/commands/replies";
import { tempDb, type TempDb } from "@/tests/support/db";
import { getSettings, updateSettingsIfUnchanged } from ".";

let t: TempDb;
let other: Db;
const adminA = { id: null, label: "a@example.com" };
const adminB = { id: null, label: "b@example.com" };
const audits = (action: string) => recentAudit(t.db, 50).filter((entry) => entry.action === action);

beforeEach(() => {
  t = tempDb();
  // Admin B's requests served by another connection (another instance), as two servers share one file.
  other = openDatabase(t.file);
});
afterEach(() => {
  other.$client.close();
  t.close();
});

describe("saving settings from a form opened earlier", () => {
  it("refuses a stale auto-replies form, naming the reply that changed, and writes nothing", () => {
    const pageOfB = { replies: getSettings(other).replies };
    const welcome = "Welcome from admin A.";
    expect(updateSettingsIfUnchanged(t.db, adminA, { replies: getSettings(t.db).replies }, { replies: { ...DEFAULT_REPLIES, welcome } }, "settings.replies_update").ok).toBe(true);
    const stale = updateSettingsIfUnchanged(other, adminB, pageOfB, { replies: { ...DEFAULT_REPLIES, fallback: "B's fallback." } }, "settings.replies_update");
    expect(stale).toEqual({ ok: false, changed: ["replies.welcome"] });
    expect(getSettings(t.db).replies).toMatchObject({ welcome, fallback: DEFAULT_REPLIES.fallback });
    expect(getSettings(other).replies.welcome).toBe(welcome);
    expect(audits("settings.replies_update")).toHaveLength(1);
  });

  it("saves a form whose own fields nobody changed, and writes only those fields", () => {
    const limitsPage = { dailyLimit: 50, cooldownSeconds: 2, sendRatePerSecond: 10 };
    const welcome = "Welcome from admin A.";
    updateSettingsIfUnchanged(t.db, adminA, { replies: getSettings(t.db).replies }, { replies: { ...DEFAULT_REPLIES, welcome } });
    const saved = updateSettingsIfUnchanged(other, adminB, limitsPage, { dailyLimit: 80, cooldownSeconds: 2, sendRatePerSecond: 10 }, "settings.limits_update");
    expect(saved).toMatchObject({ ok: true, settings: { dailyLimit: 80, replies: { welcome } } });
    expect(getSettings(t.db)).toMatchObject({ dailyLimit: 80, replies: { welcome } });
    expect(audits("settings.limits_update")[0]).toMatchObject({ target: "dailyLimit" });
  });

  it("names every field of the form that changed, arrays included", () => {
    const reminders = { expiryLeadDays: [30, 7, 1], expiryTemplateSid: "", approvalTemplateSid: "" };
    updateSettingsIfUnchanged(t.db, adminA, reminders, { expiryLeadDays: [14], approvalTemplateSid: `HX${"ab".repeat(16)}` });
    expect(updateSettingsIfUnchanged(other, adminB, reminders, { ...reminders, expiryTemplateSid: `HX${"cd".repeat(16)}` })).toEqual({ ok: false, changed: ["expiryLeadDays", "approvalTemplateSid"] });
    expect(getSettings(t.db).expiryTemplateSid).toBe("");
  });
});
