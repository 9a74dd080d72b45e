import { z } from "zod";
import { refusalOf, type FieldRefusal } from "@/lib/forms/refusal";
import { truncateText, unixLineBreaks } from "@/lib/text";
import { normalizeText } from "./normalize";
import { MAX_BODY_LENGTH } from "@/lib/twilio/limits";

/** The editable replies to commands answered without the sender's records, and their defaults. */
const COMMAND_REPLIES = {
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
    "{approvals}",
    "{keywords}",
  ].join("\n"),
  notRegistered: "Phone number not registered. Please contact HR.",
  stop: "You have been unsubscribed from compliance notifications. Reply START to subscribe again.",
  start: "You are subscribed to compliance notifications again. Reply STOP to unsubscribe.",
  fallback: "Thank you for your message. The compliance team will get back to you. Reply HELP for the list of commands.",
} as const;

/**
 * The editable framing of answers built from an employee's records. The generated item lines
 * (• … expires in 3 days) and "…and N more" stay fixed: they are data, not wording.
 */
const RECORD_ANSWERS = {
  statusClear: "Hi {name}, all your compliance requirements are up to date!",
  statusHeader: "Hi {name}, your compliance status:",
  pendingNone: "You have no pending items. All your declarations are submitted.",
  certificatesNone: "No NISM certificates are on record for your number. Please contact the compliance team if this is wrong.",
  ackCampaign: "Thank you, {name}. Your acknowledgement of “{reminder}” is recorded.",
  ackExpiry: "Thank you, {name}. Your acknowledgement of the reminder that your {certificate} expires on {date} is recorded.",
  ackNone: "Thank you, {name}. There is no reminder waiting for your acknowledgement.",
  approved: "Approved request {id}: {title}. Thank you, {name}.",
  rejected: "Rejected request {id}: {title}. Reason noted: {reason}",
} as const;

/** The editable auto-reply texts and their defaults. */
export const DEFAULT_REPLIES = { ...COMMAND_REPLIES, ...RECORD_ANSWERS } as const;

export type ReplyKey = keyof typeof DEFAULT_REPLIES;
export const REPLY_KEYS = Object.keys(DEFAULT_REPLIES) as ReplyKey[];
export type Replies = Record<ReplyKey, string>;

export type CommandReplyKey = keyof typeof COMMAND_REPLIES;
export const COMMAND_REPLY_KEYS = Object.keys(COMMAND_REPLIES) as CommandReplyKey[];
export type RecordAnswerKey = keyof typeof RECORD_ANSWERS;
export const RECORD_ANSWER_KEYS = Object.keys(RECORD_ANSWERS) as RecordAnswerKey[];
/** The texts the record answers (STATUS, PENDING, NISM, ACK, APPROVE, REJECT) are framed with. */
export type RecordAnswerTexts = Pick<Replies, RecordAnswerKey>;

export const REPLY_LABELS: Record<ReplyKey, string> = {
  welcome: "Welcome (HI, HELLO, HEY)",
  help: "Command list (HELP, MENU)",
  notRegistered: "Unregistered number (STATUS, PENDING, NISM, ACK, APPROVE, REJECT)",
  stop: "Unsubscribed (STOP)",
  start: "Subscribed again (START)",
  fallback: "Anything else",
  statusClear: "STATUS, nothing needs attention",
  statusHeader: "STATUS, first line above the items",
  pendingNone: "PENDING, nothing pending",
  certificatesNone: "NISM, no certificates on record",
  ackCampaign: "ACK recorded, campaign reminder",
  ackExpiry: "ACK recorded, certificate expiry reminder",
  ackNone: "ACK, nothing to acknowledge",
  approved: "APPROVE confirmation",
  rejected: "REJECT confirmation",
};

/**
 * The placeholders each text may use, with what they stand for (shown under the field). Any other
 * {word} is refused on save: sent as typed, a misspelt {nmae} would reach every sender.
 */
export const REPLY_PLACEHOLDERS: Record<ReplyKey, Readonly<Record<string, string>>> = {
  welcome: { name: "the sender's WhatsApp profile name" },
  help: {
    name: "the sender's WhatsApp profile name",
    approvals: "the APPROVE and REJECT lines, for a sender who can decide approval requests",
    keywords: "your enabled keyword rules",
  },
  notRegistered: { name: "the sender's WhatsApp profile name" },
  stop: { name: "the sender's WhatsApp profile name" },
  start: { name: "the sender's WhatsApp profile name" },
  fallback: { name: "the sender's WhatsApp profile name" },
  statusClear: { name: "the employee's name" },
  statusHeader: { name: "the employee's name" },
  pendingNone: { name: "the employee's name" },
  certificatesNone: { name: "the employee's name" },
  ackCampaign: { name: "the employee's name", reminder: "the campaign's name" },
  ackExpiry: { name: "the employee's name", certificate: "the certificate's name", date: "its expiry date" },
  ackNone: { name: "the employee's name" },
  approved: { name: "the approver's name", id: "the request number", title: "its title", reference: "its document reference" },
  rejected: { name: "the approver's name", id: "the request number", title: "its title", reference: "its document reference", reason: "the reason given" },
};

/** Twilio refuses message bodies over 1,600 characters. */
export const MAX_REPLY_LENGTH = MAX_BODY_LENGTH;

export const replyText = z
  .string()
  .overwrite(unixLineBreaks)
  .trim()
  .min(1, "A reply cannot be empty")
  .max(MAX_REPLY_LENGTH, `Replies can have at most ${MAX_REPLY_LENGTH} characters`);

/** Stands for the admin's enabled keyword rules in the HELP text. */
export const KEYWORDS_PLACEHOLDER = "{keywords}";

/** Stands for the APPROVE and REJECT lines in the HELP text, filled only for a sender who can decide. */
export const APPROVALS_PLACEHOLDER = "{approvals}";

/**
 * What {approvals} becomes for a sender APPROVE and REJECT would act for (lib/workflows/approvals,
 * decidesApprovals). Fixed, like the "Also: …" line: the commands' syntax is not wording to edit.
 */
export const APPROVAL_LINES = ["APPROVE <number> – approve a request", "REJECT <number> <reason> – reject a request, saying why"] as const;

/** What counts as a placeholder: a word in braces. Other braces ("{ }", "{1,2}") are plain text. */
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** The first {word} in `text` that `key`'s text may not use, or null. */
export function unknownPlaceholder(key: ReplyKey, text: string): string | null {
  for (const [placeholder, word] of text.matchAll(PLACEHOLDER)) {
    if (!Object.hasOwn(REPLY_PLACEHOLDERS[key], word ?? "")) return placeholder;
  }
  return null;
}

function placeholderList(key: ReplyKey): string {
  const names = Object.keys(REPLY_PLACEHOLDERS[key]).map((word) => `{${word}}`);
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names.at(-1)}` : (names[0] ?? "");
}

/** The Auto-replies form: every text required and within the limit, using only its own placeholders. */
export const repliesInput = z.object(
  Object.fromEntries(
    REPLY_KEYS.map((key) => [
      key,
      replyText.superRefine((text, context) => {
        const unknown = unknownPlaceholder(key, text);
        if (unknown) context.addIssue({ code: "custom", message: `“${REPLY_LABELS[key]}” cannot use ${unknown}; it can use ${placeholderList(key)}.` });
      }),
    ]),
  ) as Record<ReplyKey, typeof replyText>,
);

/**
 * Why the Auto-replies form was refused: the first field at fault (the form marks and focuses it),
 * and the others by name, so fixing one does not just reveal the next on the following save.
 */
export function repliesRefusal(error: z.ZodError): FieldRefusal {
  const first = refusalOf(error);
  const others = [...new Set(error.issues.map((issue) => issue.path[0]))].filter((key): key is ReplyKey => typeof key === "string" && key !== first.field && Object.hasOwn(REPLY_LABELS, key));
  if (others.length === 0) return first;
  return { ...first, error: `${first.error.replace(/\.?$/, ".")} Also check ${others.map((key) => `“${REPLY_LABELS[key]}”`).join(", ")}.` };
}

/**
 * A record answer's text with its placeholders filled, within Twilio's limit. One pass, by
 * function: a value that reads "{name}" or "$&" (a campaign title, a rejection reason) appears as
 * typed, never expanded again. A placeholder without a value stays as written.
 */
export function fillAnswer(template: string, values: Readonly<Record<string, string>>): string {
  const filled = template.replace(PLACEHOLDER, (placeholder: string, word: string) => (Object.hasOwn(values, word) ? values[word] : undefined) ?? placeholder);
  return truncateText(filled, MAX_REPLY_LENGTH);
}

export function fillTemplate(template: string, values: { name: string | null }): string {
  // The template fits, but a long name repeated in it may not; Twilio would refuse the whole reply.
  return truncateText(fillName(template, values.name), MAX_REPLY_LENGTH);
}

function fillName(template: string, name: string | null): string {
  const shown = name?.trim() || "there";
  // A function, not a replacement string: a sender named "$'" or "$&" must appear as typed.
  return template.replace(/\{name\}/g, () => shown);
}

/** What HELP adds to the admin's text, for this sender. */
export interface HelpLists {
  /** The enabled keyword rules' keywords, listed as "Also: A, B". */
  keywords: readonly string[];
  /** Whether the sender can decide approval requests, and so gets APPROVAL_LINES. */
  approvals: boolean;
}

/** The placeholders HELP fills with lists, each with the line break before it (consumed with it). */
const HELP_LISTS = /(\n?)\{(keywords|approvals)\}/g;

/**
 * The HELP answer: the editable text, plus the APPROVE and REJECT lines for a sender who can
 * decide approval requests and the keywords of the enabled rules as "Also: A, B". They go where
 * the text says {approvals} and {keywords} (the default has them last, in that order). A text saved
 * before a placeholder existed, or edited without it, gets the lines appended instead: admins
 * added rules so people would use them, an approver needs their commands, and an edited text must
 * keep working unchanged otherwise. Appended approval lines go before a {keywords} that stands on
 * its own line (as in the default text of before {approvals}), else at the end. What the text
 * already names is not repeated: a keyword (a rule overriding STATUS, or one an admin listed by
 * hand), or APPROVE or REJECT written in capitals as the list writes commands. The lists never cut
 * the admin's text for Twilio's limit: the approval lines come only whole, and the keyword line is
 * shortened ("…and 3 more") to what is left rather than letting the limit cut the reply mid-word.
 */
export function fillHelp(template: string, values: { name: string | null }, lists: HelpLists): string {
  const filled = fillHelpText(template, values, lists);
  // A text that is nothing but placeholders ("{keywords}") has nothing to say to a sender with no
  // lists; WhatsApp cannot send an empty message, so they get the default command list instead.
  return filled.trim() === "" ? fillHelpText(DEFAULT_REPLIES.help, values, lists) : filled;
}

function fillHelpText(template: string, values: { name: string | null }, lists: HelpLists): string {
  // Split first, so a name or keyword that itself reads "{keywords}" or "{name}" is never expanded.
  const shaped = withHelpPlaceholders(template);
  const texts: string[] = [];
  const slots: { list: string; breakBefore: string; first: boolean }[] = [];
  let end = 0;
  for (const match of shaped.matchAll(HELP_LISTS)) {
    texts.push(shaped.slice(end, match.index));
    const list = match[2] ?? "";
    // Only the first of each is filled: a list once is enough, and it keeps the budget simple.
    slots.push({ list, breakBefore: match[1] ?? "", first: !slots.some((slot) => slot.list === list) });
    end = match.index + match[0].length;
  }
  texts.push(shaped.slice(end));
  const unfilled = texts.join(" ").replace(/\{name\}/g, " ");
  const fixed = texts.map((text) => fillName(text, values.name));
  let budget = MAX_REPLY_LENGTH - fixed.join("").length;
  const contents = new Map<string, string>();
  const slotOf = (list: string) => slots.find((slot) => slot.first && slot.list === list);

  // The sender's own commands first; the keyword line gets what is left.
  const approvalSlot = slotOf("approvals");
  if (approvalSlot && lists.approvals) {
    const written = unfilled.normalize("NFKC");
    const lines = APPROVAL_LINES.filter((line) => !mentions(written, line.split(" ", 1)[0] ?? "")).join("\n");
    const cost = approvalSlot.breakBefore.length + lines.length;
    if (lines && cost <= budget) {
      contents.set("approvals", lines);
      budget -= cost;
    }
  }
  const keywordSlot = slotOf("keywords");
  if (keywordSlot) {
    const named = normalizeText(unfilled);
    const unlisted = [...new Set(lists.keywords)].filter((keyword) => !mentions(named, keyword));
    const line = keywordLine(unlisted, budget - keywordSlot.breakBefore.length);
    if (line) contents.set("keywords", line);
  }

  let reply = fixed[0] ?? "";
  slots.forEach((slot, i) => {
    const content = slot.first ? contents.get(slot.list) : undefined;
    let next = fixed[i + 1] ?? "";
    // The break before a placeholder goes with it, so one alone on its line leaves no blank line
    // behind when there is nothing to list; at the very start it is the break after that goes.
    if (content) reply += `${reply ? slot.breakBefore : ""}${content}`;
    else if (!reply) next = next.replace(/^\n/, "");
    reply += next;
  });
  return truncateText(reply, MAX_REPLY_LENGTH);
}

/** The HELP text with both list placeholders, where fillHelp puts the lines of a text without one. */
function withHelpPlaceholders(template: string): string {
  let shaped = template;
  if (!shaped.includes(APPROVALS_PLACEHOLDER)) {
    const keywordsLine = /\n\{keywords\}(?=\n|$)/.exec(shaped);
    shaped = keywordsLine ? `${shaped.slice(0, keywordsLine.index)}\n${APPROVALS_PLACEHOLDER}${shaped.slice(keywordsLine.index)}` : `${shaped}\n${APPROVALS_PLACEHOLDER}`;
  }
  if (!shaped.includes(KEYWORDS_PLACEHOLDER)) shaped = `${shaped}\n${KEYWORDS_PLACEHOLDER}`;
  return shaped;
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
