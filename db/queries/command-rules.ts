import { and, asc, desc, eq } from "drizzle-orm";
import type { Db } from "../client";
import { commandRules, type CommandRule } from "../schema";

export type NewCommandRule = Pick<CommandRule, "keyword" | "match" | "reply" | "priority" | "enabled">;

export function listRules(db: Db): CommandRule[] {
  return db.select().from(commandRules).orderBy(desc(commandRules.priority), asc(commandRules.id)).all();
}

export function enabledRules(db: Db): CommandRule[] {
  return db.select().from(commandRules).where(eq(commandRules.enabled, true)).orderBy(desc(commandRules.priority), asc(commandRules.id)).all();
}

export function findRule(db: Db, id: number): CommandRule | undefined {
  return db.select().from(commandRules).where(eq(commandRules.id, id)).get();
}

export function findRuleByKeyword(db: Db, keyword: string, match: CommandRule["match"]): CommandRule | undefined {
  return db.select().from(commandRules).where(and(eq(commandRules.keyword, keyword), eq(commandRules.match, match))).get();
}

export function insertRule(db: Db, rule: NewCommandRule, at: Date): CommandRule {
  return db.insert(commandRules).values({ ...rule, createdAt: at, updatedAt: at }).returning().get();
}

export function updateRule(db: Db, id: number, rule: Partial<NewCommandRule>, at: Date): void {
  db.update(commandRules).set({ ...rule, updatedAt: at }).where(eq(commandRules.id, id)).run();
}

export function deleteRule(db: Db, id: number): void {
  db.delete(commandRules).where(eq(commandRules.id, id)).run();
}
