import type { CommandRule } from "@/db/schema";
import { builtInFor, isReserved, type BuiltIn } from "./keywords";
import { firstWord, matchableText, normalizeText } from "./normalize";
import { fillHelp, fillTemplate, type Replies } from "./replies";

export type Command = BuiltIn | "OTHER" | `RULE:${string}`;
export type Effect = "opt_out" | "opt_in";

export interface SenderContext {
  profileName: string | null;
  optedOut: boolean;
  /** Whether APPROVE and REJECT would act for this sender (decidesApprovals): HELP then lists them. */
  decidesApprovals: boolean;
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

/** The command a message would run, without running it: used for storage and analytics. */
export function classify(body: string, rules: RoutingConfig["rules"]): Command {
  const normalized = normalizeText(body);
  const builtIn = builtInFor(firstWord(normalized));
  // Checked before the rules, so even a rule saved before a word was reserved cannot swallow it.
  if (builtIn && isReserved(builtIn)) return builtIn;
  const rule = matchRule(body, rules);
  if (rule) return `RULE:${rule.keyword}`;
  return builtIn ?? "OTHER";
}

/**
 * Whether a command's reply is small talk the auto-reply cooldown may hold back: the greeting, the
 * default acknowledgment of unrecognised text and a keyword rule's fixed reply, which are what two
 * auto-responders would bounce between each other ("THANKS" answering "Thanks!" for ever). What a
 * sender asks of their records or of the command list, and anything that records something, is
 * answered inside the cooldown; the daily limit caps it all.
 */
export function isChatty(command: Command): boolean {
  return command === "HI" || command === "OTHER" || command.startsWith("RULE:");
}

/** Keywords are stored in matchableText's form (normalizeKeyword), so this is a plain comparison. */
function matchRule(body: string, rules: RoutingConfig["rules"]) {
  const text = matchableText(body);
  return rules.find((rule) => text === rule.keyword || (rule.match === "starts_with" && text.startsWith(`${rule.keyword} `)));
}

/**
 * Pure routing: (message, sender, config) → (command, reply, effect). STOP, START, ACK, APPROVE and
 * REJECT are reserved so no custom rule can swallow an opt-out or a recorded decision; custom rules
 * come next, then the other built-in commands.
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
      return {
        command,
        reply: fillHelp(replies.help, { name: sender.profileName }, { keywords: config.rules.map((rule) => rule.keyword), approvals: sender.decidesApprovals }),
        effect: null,
      };
    case "OTHER":
      return { command, reply: fill(replies.fallback), effect: null };
    default: {
      if (command.startsWith("RULE:")) {
        const rule = matchRule(body, config.rules);
        return { command, reply: rule ? fill(rule.reply) : fill(replies.fallback), effect: null };
      }
      // STATUS, PENDING, NISM, ACK, APPROVE, REJECT answer from an employee's compliance records
      // (lib/workflows, which needs the database); this is the answer for a number that is no employee's.
      return { command, reply: fill(replies.notRegistered), effect: null };
    }
  }
}
