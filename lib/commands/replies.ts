import { z } from "zod";
import { truncateText } from "@/lib/text";
import { normalizeText } from "./normalize";

/** The editable auto-reply texts and their defaults. */
export const DEFAULT_REPLIES = {
  welcome: "Hello {name}! Thank you for contacting the compliance team. Reply HELP to see what you can ask.",
  help: [
    "Commands you can send:",
    "STATUS – your compliance status",
    "PENDING – your pending items",
    "NISM – your certificates and expiry dates",
    "ACK – acknowledge the latest reminder",
    "STOP – stop notifications",
    "START – resume notifications",
    "HELP – this list",
    "{keywords}",
  ].join("\n"),
  notRegistered: "Phone number not registered. Please contact HR.",
  stop: "You have been unsubscribed from compliance notifications. Reply START to subscribe again.",
  start: "You are subscribed to compliance notifications again. Reply STOP to unsubscribe.",
  fallback: "Thank you for your message. The compliance team will get back to you. Reply HELP for the list of commands.",
} as const;

export type ReplyKey = keyof typeof DEFAULT_REPLIES;
export const REPLY_KEYS = Object.keys(DEFAULT_REPLIES) as ReplyKey[];
export type Replies = Record<ReplyKey, string>;

export const REPLY_LABELS: Record<ReplyKey, string> = {
  welcome: "Welcome (HI, HELLO, HEY)",
  help: "Command list (HELP, MENU)",
  notRegistered: "Unregistered number (STATUS, PENDING, NISM, ACK, APPROVE, REJECT)",
  stop: "Unsubscribed (STOP)",
  start: "Subscribed again (START)",
  fallback: "Anything else",
};

/** Twilio refuses message bodies over 1,600 characters. */
export const MAX_REPLY_LENGTH = 1600;

export const replyText = z
  .string()
  .trim()
  .min(1, "A reply cannot be empty")
  .max(MAX_REPLY_LENGTH, `Replies can have at most ${MAX_REPLY_LENGTH} characters`);

/** Stands for the admin's enabled keyword rules in the HELP text. */
export const KEYWORDS_PLACEHOLDER = "{keywords}";

export function fillTemplate(template: string, values: { name: string | null }): string {
  // The template fits, but a long name repeated in it may not; Twilio would refuse the whole reply.
  return truncateText(fillName(template, values.name), MAX_REPLY_LENGTH);
}

function fillName(template: string, name: string | null): string {
  const shown = name?.trim() || "there";
  // A function, not a replacement string: a sender named "$'" or "$&" must appear as typed.
  return template.replace(/\{name\}/g, () => shown);
}

/**
 * The HELP answer: the editable text plus the keywords of the enabled rules, as "Also: A, B".
 * They go where the text says {keywords} (the default has it last). A text saved before that
 * placeholder existed, or edited without it, gets the line appended instead: admins added rules
 * so people would use them, and an edited text must keep working unchanged otherwise. Keywords the
 * text already names (a rule overriding STATUS, or one an admin listed by hand) are not repeated.
 * The line is shortened ("…and 3 more") rather than letting Twilio's limit cut the reply mid-word.
 */
export function fillHelp(template: string, values: { name: string | null }, keywords: readonly string[]): string {
  // Split first, so a name or keyword that itself reads "{keywords}" or "{name}" is never expanded.
  // Odd pieces are the line break before each placeholder, so a placeholder alone on its line
  // leaves no blank line behind when there is nothing to list.
  const pieces = template.split(/(\n?)\{keywords\}/);
  const texts = pieces.filter((_, i) => i % 2 === 0);
  const named = normalizeText(texts.join(" ").replace(/\{name\}/g, " "));
  const unlisted = [...new Set(keywords)].filter((keyword) => !mentions(named, keyword));
  const fixed = texts.map((text) => fillName(text, values.name));
  const breakBefore = pieces.length > 1 ? (pieces[1] ?? "") : "\n";
  const line = keywordLine(unlisted, MAX_REPLY_LENGTH - fixed.join("").length - breakBefore.length);
  // Only the first placeholder is filled: the list once is enough, and it keeps the budget simple.
  const inserted = line ? `${fixed[0] ? breakBefore : ""}${line}` : "";
  const filled = pieces.length > 1 ? [fixed[0], inserted, ...fixed.slice(1)].join("") : `${fixed[0]}${inserted}`;
  return truncateText(filled, MAX_REPLY_LENGTH);
}

function mentions(normalizedText: string, keyword: string): boolean {
  const escaped = keyword.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, "u").test(normalizedText);
}

function keywordLine(keywords: string[], budget: number): string {
  for (let shown = keywords.length; shown > 0; shown--) {
    const rest = keywords.length - shown;
    const line = `Also: ${keywords.slice(0, shown).join(", ")}${rest > 0 ? ` …and ${rest} more` : ""}`;
    if (line.length <= budget) return line;
  }
  return "";
}
