import type { Message } from "@/db/schema";
import { builtInFor } from "@/lib/commands/keywords";
import { firstWord } from "@/lib/commands/normalize";
import type { Settings } from "@/lib/settings";

/** What still happened to an unanswered STOP/START or ACK/APPROVE/REJECT, said after why it got no reply. */
function stillCounted(command: string | null): string {
  if (command === "STOP" || command === "START") return ` (its ${command} still counts)`;
  return "";
}

/**
 * Why the simulator's message got no auto-reply, from the flag (and the command) the webhook
 * stored with it, said so a tester knows what to change. Only what the webhook really did: the
 * cooldown holds back greetings, unrecognised text and keyword rules' replies, and a keyword rule
 * answers in place of the built-in command of the same word, so a rule named STATUS is held back
 * like small talk.
 */
export function whyNoReply(message: Pick<Message, "flag" | "command"> | undefined, settings: Pick<Settings, "cooldownSeconds" | "dailyLimit">): string {
  const command = message?.command ?? null;
  switch (message?.flag ?? null) {
    case "disabled":
      return `incoming messages are switched off in Settings${stillCounted(command)}`;
    case "cooldown": {
      const cooldown = `the ${settings.cooldownSeconds}-second cooldown after this number's last auto-reply`;
      if (command?.startsWith("RULE:")) {
        const keyword = command.slice("RULE:".length);
        const builtIn = builtInFor(firstWord(keyword));
        const instead = builtIn ? `, which answers instead of the built-in ${builtIn} command,` : "";
        return `it matched the keyword rule “${keyword}”${instead} and came within ${cooldown}, which holds back keyword rules' replies, greetings and the answer to unrecognised text`;
      }
      const what = command === "HI" ? "it is a greeting" : "it is not a command";
      return `${what} and came within ${cooldown}, which holds back greetings, unrecognised text and keyword rules' replies (built-in commands such as HELP are still answered)`;
    }
    case "rate_limited":
      return `this number is over its daily limit of ${settings.dailyLimit} messages, so nothing more is answered until the next UTC day${stillCounted(command)}`;
    case "blocked":
      return `this number is on the block list in Settings${stillCounted(command)}`;
    case "opted_out":
      if (command === "STOP") return "this number had already opted out with STOP, which is confirmed only once; only START is answered until it opts back in";
      if (command === "ACK" || command === "APPROVE" || command === "REJECT") return `this number opted out with STOP, so only START is answered until it opts back in (its ${command} is still recorded)`;
      return "this number opted out with STOP, so only START is answered until it opts back in";
    default:
      return "the webhook answered with no message";
  }
}
