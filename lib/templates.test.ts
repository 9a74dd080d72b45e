import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { invalidateLocalCaches } from "@/lib/cache/versioned";
import { getSettings, updateSettings } from "@/lib/settings";
import { tempDb, type TempDb } from "@/tests/support/db";
import { MAX_TEMPLATES, templateConflict, templateInput, templateVariables, type MessageTemplate } from "./templates";

const SID = `HX${"ab".repeat(16)}`;
const reminder: MessageTemplate = { name: "Declaration reminder", contentSid: SID, variables: ["Name", "Due date"] };

describe("message templates", () => {
  it("reads the add form: variables as labels separated by commas or lines, blanks dropped", () => {
    expect(templateInput.parse({ name: " Reminder ", contentSid: ` ${SID} `, variables: "Name, Due date\n,  " })).toEqual({ name: "Reminder", contentSid: SID, variables: ["Name", "Due date"] });
    expect(templateInput.parse({ name: "No variables", contentSid: SID, variables: "" }).variables).toEqual([]);
    expect(templateInput.safeParse({ name: "x", contentSid: "HX123", variables: "" }).error?.issues[0]).toMatchObject({ path: ["contentSid"] });
    expect(templateInput.safeParse({ name: "x", contentSid: SID, variables: Array.from({ length: 11 }, (_, i) => `v${i}`).join(",") }).error?.issues[0]?.message).toBe("A template can have at most 10 variables");
  });

  it("refuses a second entry for the same Content SID or name, and more than the limit", () => {
    expect(templateConflict([reminder], { ...reminder, name: "Other", contentSid: SID.toLowerCase().replace("hx", "HX") })).toEqual({ error: "That Content SID is already listed as “Declaration reminder”", field: "contentSid" });
    expect(templateConflict([reminder], { ...reminder, name: "declaration REMINDER", contentSid: `HX${"cd".repeat(16)}` })?.field).toBe("name");
    const full = Array.from({ length: MAX_TEMPLATES }, (_, i) => ({ ...reminder, name: `T${i}`, contentSid: `HX${String(i).padStart(32, "0")}` }));
    expect(templateConflict(full, { ...reminder, name: "New", contentSid: `HX${"ef".repeat(16)}` })?.error).toMatch(/^At most 50 templates/);
    expect(templateConflict([reminder], { name: "New", contentSid: `HX${"ef".repeat(16)}`, variables: [] })).toBeNull();
  });

  it("needs every variable of a picked template filled, and numbers them as Twilio takes them", () => {
    const form = new Map([["variable-1", " Ravi "], ["variable-2", ""]]);
    expect(templateVariables(reminder, (field) => form.get(field) ?? "")).toEqual({ error: "Fill in “Due date” ({{2}})", field: "variable-2" });
    form.set("variable-2", "30 Nov");
    expect(templateVariables(reminder, (field) => form.get(field) ?? "")).toEqual({ variables: { 1: "Ravi", 2: "30 Nov" } });
  });

  describe("kept in the settings", () => {
    let t: TempDb;
    beforeEach(() => (t = tempDb()));
    afterEach(() => t.close());

    it("round-trips through the settings, audited, and drops an unreadable stored entry instead of offering it", () => {
      updateSettings(t.db, { id: null, label: "admin" }, { templates: [reminder] }, "settings.template_add");
      expect(getSettings(t.db).templates).toEqual([reminder]);
      expect(t.db.$client.prepare("select action from audit_log where action = 'settings.template_add'").pluck().all()).toHaveLength(1);
      t.db.$client.prepare("update settings set value = ? where key = 'templates'").run(JSON.stringify([reminder, { name: "bad", contentSid: "nope", variables: [] }]));
      invalidateLocalCaches();
      expect(getSettings(t.db).templates).toEqual([reminder]);
    });
  });
});
