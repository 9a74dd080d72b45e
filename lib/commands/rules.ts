import { z } from "zod";
import { inTransaction, type Db } from "@/db/client";
import { deleteRule, enabledRules, findRule, findRuleByKeyword, insertRule, updateRule } from "@/db/queries/command-rules";
import type { CommandRule } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit";
import { invalidateLocalCaches, versioned } from "@/lib/cache/versioned";
import { keywordProblem, reservedKeywordProblem } from "./keywords";
import { normalizeKeyword } from "./normalize";
import { replyText } from "./replies";

const PRIORITY_RANGE = "The priority is a whole number from -1000 to 1000";

export const ruleInput = z.object({
  keyword: z
    .string()
    // Judged as typed: once normalised, "{name}" would already be "{NAME" and look fine.
    .superRefine((typed, context) => {
      const problem = keywordProblem(typed);
      if (problem) context.addIssue({ code: "custom", message: problem });
    })
    .transform(normalizeKeyword)
    .pipe(z.string().min(1, "Enter a keyword").max(100, "Keywords can have at most 100 characters")),
  match: z.enum(["exact", "starts_with"], { error: "Choose whether the keyword must match exactly or start the message" }),
  reply: replyText,
  priority: z.coerce.number({ error: PRIORITY_RANGE }).int(PRIORITY_RANGE).min(-1000, PRIORITY_RANGE).max(1000, PRIORITY_RANGE),
  enabled: z.boolean(),
});
export type RuleInput = z.infer<typeof ruleInput>;

export class RuleError extends Error {
  /** The rule input it is about, when there is one (so the form can mark it). */
  readonly field?: keyof RuleInput;
  constructor(message: string, field?: keyof RuleInput) {
    super(message);
    this.name = "RuleError";
    if (field) this.field = field;
  }
}

/**
 * Enabled rules, highest priority first, cached for the webhook path. A rule stored before its
 * keyword was reserved never answers, so HELP must not offer it either.
 */
export const activeRules = versioned((db: Db) => enabledRules(db).filter((rule) => !reservedKeywordProblem(rule.keyword)));

/** Checked here as well as by ruleInput: whoever calls, such a rule must never be stored. */
function refuseProblem(keyword: string): void {
  const problem = keywordProblem(keyword);
  if (problem) throw new RuleError(problem, "keyword");
}

export function createRule(db: Db, actor: Actor, input: RuleInput, now = new Date()): CommandRule {
  refuseProblem(input.keyword);
  const rule = inTransaction(db, () => {
    if (findRuleByKeyword(db, input.keyword, input.match)) throw new RuleError(`A rule for “${input.keyword}” with that match already exists`, "keyword");
    const created = insertRule(db, input, now);
    recordAudit(db, actor, "rules.create", { target: created.keyword, after: input }, now);
    return created;
  });
  invalidateLocalCaches();
  return rule;
}

export function editRule(db: Db, actor: Actor, id: number, input: RuleInput, now = new Date()): void {
  refuseProblem(input.keyword);
  inTransaction(db, () => {
    const existing = findRule(db, id);
    if (!existing) throw new RuleError("That rule no longer exists");
    const clash = findRuleByKeyword(db, input.keyword, input.match);
    if (clash && clash.id !== id) throw new RuleError(`A rule for “${input.keyword}” with that match already exists`, "keyword");
    updateRule(db, id, input, now);
    const { keyword, match, reply, priority, enabled } = existing;
    recordAudit(db, actor, "rules.update", { target: input.keyword, before: { keyword, match, reply, priority, enabled }, after: input }, now);
  });
  invalidateLocalCaches();
}

export function removeRule(db: Db, actor: Actor, id: number, now = new Date()): void {
  inTransaction(db, () => {
    const existing = findRule(db, id);
    if (!existing) return;
    deleteRule(db, id);
    recordAudit(db, actor, "rules.delete", { target: existing.keyword, before: { keyword: existing.keyword, match: existing.match, reply: existing.reply } }, now);
  });
  invalidateLocalCaches();
}
