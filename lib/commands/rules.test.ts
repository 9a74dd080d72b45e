import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDb, type TempDb } from "@/tests/support/db";
import { createRule, editRule, RuleError, type RuleInput } from "./rules";

let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.close());

const admin = { id: null, label: "admin@example.com" };
const rule = (keyword: string): RuleInput => ({ keyword, match: "exact", reply: "Nine to five.", priority: 0, enabled: true });
const refusalOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
};

describe("rule refusals", () => {
  it("name the keyword when another rule already answers it, so the form can mark that input", () => {
    createRule(t.db, admin, rule("OFFICE HOURS"));
    const added = refusalOf(() => createRule(t.db, admin, rule("OFFICE HOURS")));
    expect(added).toBeInstanceOf(RuleError);
    expect(added).toMatchObject({ message: "A rule for “OFFICE HOURS” with that match already exists", field: "keyword" });

    const other = createRule(t.db, admin, rule("LUNCH"));
    expect(refusalOf(() => editRule(t.db, admin, other.id, rule("OFFICE HOURS")))).toMatchObject({ message: "A rule for “OFFICE HOURS” with that match already exists", field: "keyword" });
  });

  it("name no input when the rule itself is gone", () => {
    const gone = refusalOf(() => editRule(t.db, admin, 9999, rule("LUNCH")));
    expect(gone).toBeInstanceOf(RuleError);
    expect(gone).toMatchObject({ message: "That rule no longer exists" });
    expect((gone as RuleError).field).toBeUndefined();
  });
});
