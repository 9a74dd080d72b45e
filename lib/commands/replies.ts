import { z } from "zod";
import { truncateText } from "@/lib/text";

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

export function fillTemplate(template: string, values: { name: string | null }): string {
  const name = values.name?.trim() || "there";
  // A function, not a replacement string: a sender named "$'" or "$&" must appear as typed.
  const filled = template.replace(/\{name\}/g, () => name);
  // The template fits, but a long name repeated in it may not; Twilio would refuse the whole reply.
  return truncateText(filled, MAX_REPLY_LENGTH);
}
