import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDb, type TempDb } from "@/tests/support/db";
import { refusalOf as formRefusalOf } from "@/lib/forms/refusal";
import { insertRule } from "@/db/queries/command-rules";
import { classify } from "./router";
import { activeRules, createRule, editRule, RuleError, ruleInput, type RuleInput } from "./rules";

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

describe("reserved keywords", () => {
  const reason = "ACK, APPROVE and REJECT are reserved: they record acknowledgements and approval decisions";

  it("refuse a rule for ACK, APPROVE or REJECT on the keyword, as for STOP and START, since it would record nothing", () => {
    for (const keyword of ["ack", "APPROVE", "reject", "¡Ack!", "approve 42", "ＲＥＪＥＣＴ"]) {
      const parsed = ruleInput.safeParse({ ...rule(keyword), match: "starts_with" });
      expect(parsed.success, keyword).toBe(false);
      if (!parsed.success) expect(formRefusalOf(parsed.error)).toEqual({ error: reason, field: "keyword" });
    }
    expect(formRefusalOf(ruleInput.safeParse(rule("stop")).error!)).toEqual({ error: "STOP and START are reserved for opting out and in", field: "keyword" });
    expect(ruleInput.safeParse(rule("acknowledged")).success).toBe(true);
  });

  it("are refused by createRule and editRule too, whoever calls them", () => {
    for (const keyword of ["ACK", "APPROVE", "REJECT"]) {
      const refused = refusalOf(() => createRule(t.db, admin, rule(keyword)));
      expect(refused).toBeInstanceOf(RuleError);
      expect(refused).toMatchObject({ message: reason, field: "keyword" });
    }
    const lunch = createRule(t.db, admin, rule("LUNCH"));
    expect(refusalOf(() => editRule(t.db, admin, lunch.id, rule("ACK")))).toMatchObject({ message: reason, field: "keyword" });
  });

  it("still allow a rule that replaces an informational answer such as STATUS", () => {
    for (const keyword of ["STATUS", "help", "NISM", "pending", "hello"]) {
      const parsed = ruleInput.safeParse(rule(keyword));
      expect(parsed.success, keyword).toBe(true);
      if (parsed.success) expect(createRule(t.db, admin, parsed.data).keyword).toBe(keyword.toUpperCase());
    }
  });
});

describe("rules stored before their keyword was reserved", () => {
  it("are left out of the active rules, so HELP does not offer a keyword that never answers", () => {
    insertRule(t.db, { keyword: "APPROVE ALL", match: "exact", reply: "Done.", priority: 0, enabled: true }, new Date());
    createRule(t.db, admin, rule("LUNCH"));
    expect(activeRules(t.db).map((stored) => stored.keyword)).toEqual(["LUNCH"]);
  });
});


describe("keywords are read as messages are", () => {
  const parse = (keyword: string, match: "exact" | "starts_with" = "exact") => ruleInput.safeParse({ ...rule(keyword), match });
  const refusal = (keyword: string, match: "exact" | "starts_with" = "exact") => {
    const parsed = parse(keyword, match);
    expect(parsed.success, keyword).toBe(false);
    return parsed.success ? undefined : formRefusalOf(parsed.error);
  };

  it("refuse a keyword ending in punctuation, which a message loses, instead of storing it cut (“{name}” as “{NAME”)", () => {
    for (const match of ["exact", "starts_with"] as const) {
      expect(refusal("{name}", match)).toEqual({ error: "End the keyword with a letter or number: a message's final punctuation is ignored, so “{NAME}” would be saved as “{NAME”", field: "keyword" });
    }
    expect(refusal("Thanks!")).toEqual({ error: "End the keyword with a letter or number: a message's final punctuation is ignored, so “THANKS!” would be saved as “THANKS”", field: "keyword" });
    const refused = refusalOf(() => createRule(t.db, admin, rule("{name}")));
    expect(refused).toBeInstanceOf(RuleError);
    expect(refused).toMatchObject({ field: "keyword" });
  });

  it("refuse a keyword with no letter or number, or an invisible character, which no one would type", () => {
    expect(refusal("   ")).toEqual({ error: "Enter a keyword", field: "keyword" });
    for (const keyword of ["!!!", "👍", "{}", "…"]) expect(refusal(keyword)).toEqual({ error: "A keyword needs a letter or a number", field: "keyword" });
    expect(refusal("OFFICE\u200bHOURS")).toEqual({ error: "The keyword contains an invisible character (U+200B): type it again without it", field: "keyword" });
    expect(refusal("\u200eLUNCH")).toEqual({ error: "The keyword contains an invisible character (U+200E): type it again without it", field: "keyword" });
  });

  it("store case, width and spacing as a message's, and match a message typed as the keyword was", () => {
    const cases: [string, string][] = [["  office   hours ", "OFFICE HOURS"], ["ＯＦＦＩＣＥ", "OFFICE"], ["{name", "{NAME"], ["#help", "#HELP"], ["José", "JOSÉ"], ["c++ 2", "C++ 2"], ["straße", "STRASSE"]];
    for (const [typed, stored] of cases) {
      for (const match of ["exact", "starts_with"] as const) {
        const parsed = parse(typed, match);
        expect(parsed.success, typed).toBe(true);
        if (!parsed.success) continue;
        expect(parsed.data.keyword).toBe(stored);
        expect(classify(match === "exact" ? `${typed}!` : `${typed} please`, [parsed.data]), typed).toBe(`RULE:${stored}`);
      }
    }
  });
});
