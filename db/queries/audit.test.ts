import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDb, type TempDb } from "@/tests/support/db";
import { selectPlans } from "@/tests/support/query-plan";
import { auditPage, auditRows, employeeNames, insertAudit, type AuditCursor, type AuditFilter } from "./audit";
import { insertEmployee } from "./employees";
import { insertUser } from "./users";

let t: TempDb;
let adminId: number;
let staffId: number;
const start = Date.parse("2026-11-01T00:00:00Z");
const HOUR = 3_600_000;
const KINDS = ["auth.sign_in", "settings.update", "privacy.erasure", "records.export", "approvals.approve"];

interface Spec {
  at: number;
  actor: "admin" | "staff" | "system" | "whatsapp" | "command";
  action: string;
}
let specs: (Spec & { id: number })[];

function add(spec: Spec) {
  const actor =
    spec.actor === "admin" ? { id: adminId, label: "admin@example.com" }
    : spec.actor === "staff" ? { id: staffId, label: "staff@example.com" }
    : spec.actor === "system" ? { id: null, label: "system" }
    : spec.actor === "command" ? { id: null, label: "command line (npm run reset-password)" }
    : { id: null, label: "Asha Rao (+919800000001) via WhatsApp" };
  insertAudit(t.db, { at: new Date(spec.at), actorUserId: actor.id, actorLabel: actor.label, action: spec.action, target: null, before: null, after: null, ip: null });
  const id = (t.db.$client.prepare("select max(id) as id from audit_log").get() as { id: number }).id;
  specs.push({ ...spec, id });
}

/** The ids a filter should list, newest first by (at, id): computed here, not by the query under test. */
function expected(keep: (spec: Spec) => boolean = () => true): number[] {
  return specs
    .filter(keep)
    .sort((a, b) => b.at - a.at || b.id - a.id)
    .map((spec) => spec.id);
}

/** Every page from the first, following Older, then back again following Newer. */
function walk(filter: AuditFilter, size: number) {
  const forward: number[][] = [];
  let before: AuditCursor | undefined;
  let page = auditPage(t.db, filter, size);
  expect(page.newer).toBeNull();
  for (;;) {
    forward.push(page.entries.map((entry) => entry.id));
    if (!page.older) break;
    before = page.older;
    page = auditPage(t.db, { ...filter, before }, size);
  }
  const backward: number[][] = [page.entries.map((entry) => entry.id)];
  while (page.newer) {
    page = auditPage(t.db, { ...filter, after: page.newer }, size);
    backward.unshift(page.entries.map((entry) => entry.id));
  }
  return { forward, backward };
}

beforeEach(() => {
  t = tempDb();
  specs = [];
  adminId = insertUser(t.db, { email: "admin@example.com", name: "Admin", role: "admin", passwordHash: "x", now: new Date(start) }).id;
  staffId = insertUser(t.db, { email: "staff@example.com", name: "Staff", role: "staff", passwordHash: "x", now: new Date(start) }).id;
  // 260 entries over 11 days, every third sharing its time with the one before (so the id breaks ties),
  // and not in time order of insertion (a clock that stepped back must not reorder a page).
  const actors = ["admin", "staff", "system", "whatsapp", "command"] as const;
  for (let i = 0; i < 260; i++) {
    const at = start + (i % 3 === 2 ? i - 1 : i) * HOUR + (i % 7 === 0 ? -5 * HOUR : 0);
    add({ at, actor: actors[i % 5]!, action: KINDS[(i + Math.floor(i / 5)) % 5]! });
  }
});
afterEach(() => t.close());

describe("audit trail paging", () => {
  it("goes newest first through every entry and back again, no gaps or repeats, equal times included", () => {
    const { forward, backward } = walk({}, 50);
    expect(forward.flat()).toEqual(expected());
    expect(forward.map((page) => page.length)).toEqual([50, 50, 50, 50, 50, 10]);
    expect(backward).toEqual(forward);
  });

  it("pages beyond the 200 newest entries the page used to stop at", () => {
    expect(Array.from(auditRows(t.db, {}, 7)).map((entry) => entry.id)).toEqual(expected());
    expect(walk({}, 100).forward.flat()).toHaveLength(260);
  });

  it("filters by kind, by who did it (an account, the system, an employee on WhatsApp) and by days, alone and together", () => {
    const from = new Date(start + 48 * HOUR);
    const to = new Date(start + 150 * HOUR);
    const inDays = (spec: Spec) => spec.at >= from.getTime() && spec.at < to.getTime();
    const cases: [AuditFilter, (spec: Spec) => boolean][] = [
      [{ kind: "auth." }, (spec) => spec.action.startsWith("auth.")],
      [{ actor: { userId: adminId } }, (spec) => spec.actor === "admin"],
      [{ actor: "system" }, (spec) => spec.actor === "system"],
      [{ actor: "whatsapp" }, (spec) => spec.actor === "whatsapp"],
      [{ actor: "command" }, (spec) => spec.actor === "command"],
      [{ from, to }, inDays],
      [{ from }, (spec) => spec.at >= from.getTime()],
      [{ kind: "privacy.", actor: { userId: staffId } }, (spec) => spec.action.startsWith("privacy.") && spec.actor === "staff"],
      [{ kind: "records.", actor: "system", from, to }, (spec) => spec.action.startsWith("records.") && spec.actor === "system" && inDays(spec)],
      [{ actor: "whatsapp", from, to }, (spec) => spec.actor === "whatsapp" && inDays(spec)],
    ];
    for (const [filter, keep] of cases) {
      const want = expected(keep);
      expect(want.length, JSON.stringify(filter)).toBeGreaterThan(0);
      const { forward, backward } = walk(filter, 9);
      expect(forward.flat(), JSON.stringify(filter)).toEqual(want);
      expect(backward, JSON.stringify(filter)).toEqual(forward);
      expect(Array.from(auditRows(t.db, filter, 4)).map((entry) => entry.id), JSON.stringify(filter)).toEqual(want);
    }
    // A kind is the action's prefix up to its first dot: "user." is not "users." nor part of another word.
    add({ at: start, actor: "admin", action: "users.something" });
    expect(auditPage(t.db, { kind: "user." }, 50).entries).toEqual([]);
    // An account that did nothing, or no longer exists, lists nothing.
    expect(auditPage(t.db, { actor: { userId: 999 } }, 50)).toEqual({ entries: [], older: null, newer: null });
  });

  it("answers a cursor past either end, or from another filter, with a page and no error", () => {
    expect(auditPage(t.db, { before: { at: new Date(0), id: 1 } }, 50)).toEqual({ entries: [], older: null, newer: null });
    expect(auditPage(t.db, { after: { at: new Date(999_999_999_999_999), id: 1 } }, 50)).toEqual({ entries: [], older: null, newer: null });
    const middle = auditPage(t.db, { before: { at: new Date(start + 100 * HOUR), id: 0 } }, 10);
    expect(middle.entries.map((entry) => entry.id)).toEqual(expected((spec) => spec.at < start + 100 * HOUR).slice(0, 10));
    expect(middle.newer).not.toBeNull();
  });
});

describe("audit trail query plans", () => {
  it("reads each filter's page off an index in order: no scan of the table, no sort", () => {
    for (let i = 0; i < 3000; i++) add({ at: start + i * 200_000, actor: (["admin", "staff", "system", "whatsapp", "command"] as const)[i % 5]!, action: KINDS[(i + Math.floor(i / 5)) % 5]! });
    const from = new Date(start + 48 * HOUR);
    const to = new Date(start + 150 * HOUR);
    const cases: [AuditFilter, RegExp][] = [
      [{}, /audit_log_at_idx/],
      [{ kind: "auth." }, /SEARCH audit_log USING (COVERING )?INDEX audit_log_kind_idx \(kind=\?/],
      [{ actor: { userId: adminId } }, /SEARCH audit_log USING (COVERING )?INDEX audit_log_actor_user_idx \(actor_user_id=\?/],
      [{ actor: "system" }, /audit_log_system_idx/],
      [{ actor: "whatsapp" }, /audit_log_whatsapp_idx/],
      [{ actor: "command" }, /audit_log_command_line_idx/],
      [{ from, to }, /SEARCH audit_log USING (COVERING )?INDEX audit_log_at_idx \(at>\? AND at<\?\)/],
      [{ kind: "auth.", from, to }, /SEARCH audit_log USING (COVERING )?INDEX audit_log_kind_idx \(kind=\? AND at>\? AND at<\?\)/],
      [{ actor: { userId: adminId }, from }, /SEARCH audit_log USING (COVERING )?INDEX audit_log_actor_user_idx \(actor_user_id=\? AND at>\?/],
      [{ actor: "whatsapp", from, to }, /audit_log_whatsapp_idx \(at>\? AND at<\?\)/],
      [{ kind: "settings.", actor: "system" }, /audit_log_(kind|system)_idx/],
      [{ kind: "settings.", actor: { userId: staffId }, from }, /audit_log_(kind|actor_user)_idx/],
    ];
    for (const [filter, index] of cases) {
      const plans = selectPlans(t.db, () => {
        const first = auditPage(t.db, filter, 50);
        const second = auditPage(t.db, { ...filter, before: first.older! }, 50);
        auditPage(t.db, { ...filter, after: second.newer! }, 50);
      });
      expect(plans.length, JSON.stringify(filter)).toBeGreaterThan(3);
      for (const { sql, plan } of plans) {
        expect(plan, sql).not.toMatch(/TEMP B-TREE/);
        expect(plan, sql).not.toMatch(/SCAN audit_log(?! USING)/);
        expect(plan, `${JSON.stringify(filter)}: ${sql}`).toMatch(index);
      }
    }
    // Past the first page the cursor is an index range too, not a walk from the newest entry.
    const first = auditPage(t.db, { kind: "auth." }, 50);
    const later = selectPlans(t.db, () => auditPage(t.db, { kind: "auth.", before: first.older! }, 50));
    expect(later[0]!.plan).toMatch(/audit_log_kind_idx \(kind=\? AND at<\?\)/);
    const back = selectPlans(t.db, () => auditPage(t.db, { after: first.older! }, 50));
    expect(back[0]!.plan).toMatch(/audit_log_at_idx \(at>\?\)/);
  });
});

describe("names for a page of audit entries", () => {
  it("resolves the people it names by id in one query, skipping ids no longer there, and asks nothing for none", () => {
    const person = (code: string, name: string) => insertEmployee(t.db, { employeeCode: code, name, phone: `+91980000${code}`, department: "", managerId: null, approver: false, active: true }, new Date(start));
    const lata = person("0001", "Lata Rao");
    const arjun = person("0002", "Arjun Mehta");
    const plans = selectPlans(t.db, () => expect(employeeNames(t.db, [lata.id, arjun.id, 999])).toEqual(new Map([[lata.id, "Lata Rao"], [arjun.id, "Arjun Mehta"]])));
    expect(plans).toHaveLength(1);
    expect(selectPlans(t.db, () => expect(employeeNames(t.db, [])).toEqual(new Map()))).toHaveLength(0);
  });
});
