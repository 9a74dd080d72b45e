import type { CommandRule } from "@/db/schema";
import { firstWord, normalizeText, withoutTrailingPunctuation } from "./normalize";
import { fillHelp, fillTemplate, type Replies } from "./replies";

export type Command = "HI" | "HELP" | "STATUS" | "PENDING" | "NISM" | "ACK" | "APPROVE" | "REJECT" | "STOP" | "START" | "OTHER" | `RULE:${string}`;
export type Effect = "opt_out" | "opt_in";

export interface SenderContext {
  profileName: string | null;
  optedOut: boolean;
}

export interface RoutingConfig {
  replies: Replies;
  /** Enabled rules, highest priority first. */
  rules: Pick<CommandRule, "keyword" | "match" | "reply" | "priority">[];
}

export interface Routed {
  command: Command;
  reply: string | null;
  effect: Effect | null;
}

const GREETINGS = new Set(["HI", "HELLO", "HEY"]);
const RECORD_COMMANDS = new Set(["STATUS", "PENDING", "NISM", "ACK", "APPROVE", "REJECT"]);

/** The command a message would run, without running it: used for storage and analytics. */
export function classify(body: string, rules: RoutingConfig["rules"]): Command {
  const normalized = normalizeText(body);
  const word = firstWord(normalized);
  if (word === "STOP" || word === "START") return word;
  const rule = matchRule(normalized, rules);
  if (rule) return `RULE:${rule.keyword}`;
  if (GREETINGS.has(word)) return "HI";
  if (word === "HELP" || word === "MENU") return "HELP";
  if (RECORD_COMMANDS.has(word)) return word as Command;
  return "OTHER";
}

function matchRule(normalized: string, rules: RoutingConfig["rules"]) {
  const text = withoutTrailingPunctuation(normalized);
  return rules.find((rule) => text === rule.keyword || (rule.match === "starts_with" && text.startsWith(`${rule.keyword} `)));
}

/**
 * Pure routing: (message, sender, config) → (command, reply, effect). STOP and START are reserved so
 * no custom rule can swallow an opt-out; custom rules come next, then the built-in commands.
 */
export function routeCommand(body: string, sender: SenderContext, config: RoutingConfig): Routed {
  const command = classify(body, config.rules);
  const replies = config.replies;
  const fill = (template: string) => fillTemplate(template, { name: sender.profileName });
  switch (command) {
    case "STOP":
      // Confirmed once: a second STOP while opted out stays silent.
      return { command, reply: sender.optedOut ? null : fill(replies.stop), effect: sender.optedOut ? null : "opt_out" };
    case "START":
      return { command, reply: fill(replies.start), effect: sender.optedOut ? "opt_in" : null };
    case "HI":
      return { command, reply: fill(replies.welcome), effect: null };
    case "HELP":
      return { command, reply: fillHelp(replies.help, { name: sender.profileName }, config.rules.map((rule) => rule.keyword)), effect: null };
    case "OTHER":
      return { command, reply: fill(replies.fallback), effect: null };
    default: {
      if (command.startsWith("RULE:")) {
        const rule = matchRule(normalizeText(body), config.rules);
        return { command, reply: rule ? fill(rule.reply) : fill(replies.fallback), effect: null };
      }
      // STATUS, PENDING, NISM, ACK, APPROVE, REJECT answer from an employee's compliance records
      // (lib/workflows, which needs the database); this is the answer for a number that is no employee's.
      return { command, reply: fill(replies.notRegistered), effect: null };
    }
  }
}
