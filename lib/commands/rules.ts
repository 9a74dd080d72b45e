import { z } from "zod";
import { inTransaction, type Db } from "@/db/client";
import { deleteRule, enabledRules, findRule, findRuleByKeyword, insertRule, updateRule } from "@/db/queries/command-rules";
import type { CommandRule } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit";
import { invalidateLocalCaches, versioned } from "@/lib/cache/versioned";
import { firstWord, normalizeKeyword } from "./normalize";
import { replyText } from "./replies";

const RESERVED = new Set(["STOP", "START"]);

export const ruleInput = z.object({
  keyword: z
    .string()
    .transform(normalizeKeyword)
    .pipe(z.string().min(1, "Enter a keyword").max(100, "Keywords can have at most 100 characters"))
    // Judged the way messages are: "¡STOP" runs STOP, so a rule for it could never answer.
    .refine((keyword) => !RESERVED.has(firstWord(keyword)), "STOP and START are reserved for opting out and in"),
  match: z.enum(["exact", "starts_with"]),
  reply: replyText,
  priority: z.coerce.number().int().min(-1000).max(1000),
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

/** Enabled rules, highest priority first, cached for the webhook path. */
export const activeRules = versioned((db: Db) => enabledRules(db));

export function createRule(db: Db, actor: Actor, input: RuleInput, now = new Date()): CommandRule {
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
