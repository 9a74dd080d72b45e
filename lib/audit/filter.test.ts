import { describe, expect, it } from "vitest";
import { decodeAuditCursor, encodeAuditCursor, parseAuditSearch, toAuditFilter } from "./filter";

describe("the audit trail's URL", () => {
  it("reads kind, actor, days and cursors into a filter", () => {
    const search = parseAuditSearch({ audit: "privacy.", actor: "7", auditFrom: "2026-11-01", auditTo: "2026-11-03", auditBefore: "1795678000000-42" });
    expect(toAuditFilter(search)).toEqual({
      kind: "privacy.",
      actor: { userId: 7 },
      from: new Date("2026-11-01T00:00:00Z"),
      // The To day is included.
      to: new Date("2026-11-04T00:00:00Z"),
      before: { at: new Date(1795678000000), id: 42 },
      after: undefined,
    });
    expect(toAuditFilter(parseAuditSearch({ actor: "system" })).actor).toBe("system");
    expect(toAuditFilter(parseAuditSearch({ actor: "whatsapp" })).actor).toBe("whatsapp");
  });

  it("drops what it cannot read instead of failing: a bad cursor means the first page", () => {
    const hostile = ["", "abc", "1-", "-1", "1.5-2", "1e3-2", "99999999999999999999-1", "1-99999999999999999999", "1-2-3", "0x10-1", " 1-2", "1-2\n", "%31-2"];
    for (const cursor of hostile) {
      const filter = toAuditFilter(parseAuditSearch({ auditBefore: cursor, auditAfter: cursor }));
      expect(filter.before, cursor).toBeUndefined();
      expect(filter.after, cursor).toBeUndefined();
    }
    // What does decode is always a real time and a safe id.
    const widest = decodeAuditCursor("999999999999999-999999999999999")!;
    expect(Number.isNaN(widest.at.getTime())).toBe(false);
    expect(Number.isSafeInteger(widest.id)).toBe(true);
    expect(decodeAuditCursor(encodeAuditCursor({ at: new Date(5), id: 6 }))).toEqual({ at: new Date(5), id: 6 });

    const junk = parseAuditSearch({ audit: "nope.", actor: "0", auditFrom: "2026-13-45", auditTo: "yesterday" });
    expect(toAuditFilter(junk)).toEqual({ kind: undefined, actor: undefined, from: undefined, to: undefined, before: undefined, after: undefined });
    for (const actor of ["-1", "1.5", "admin@example.com", "SYSTEM", "1".repeat(16)]) expect(parseAuditSearch({ actor }).actor, actor).toBeUndefined();
  });

  it("reads a repeated parameter's first value, and puts days typed the wrong way round in order", () => {
    expect(parseAuditSearch({ audit: ["auth.", "user."], actor: ["3", "system"] })).toMatchObject({ audit: "auth.", actor: "3" });
    expect(parseAuditSearch({ auditFrom: "2026-11-09", auditTo: "2026-11-02" })).toMatchObject({ auditFrom: "2026-11-02", auditTo: "2026-11-09" });
  });
});
