import { firstWord, normalizeKeyword, normalizeText, withoutTrailingPunctuation } from "./normalize";

/**
 * The words that run a built-in command when a message starts with them, and the command each
 * runs. Pure and free of database imports, so the rule form can warn as the admin types.
 */
const BUILT_IN_WORDS = {
  HI: "HI",
  HELLO: "HI",
  HEY: "HI",
  HELP: "HELP",
  MENU: "HELP",
  STATUS: "STATUS",
  PENDING: "PENDING",
  NISM: "NISM",
  ACK: "ACK",
  APPROVE: "APPROVE",
  REJECT: "REJECT",
  STOP: "STOP",
  START: "START",
} as const;

export type BuiltIn = (typeof BUILT_IN_WORDS)[keyof typeof BUILT_IN_WORDS];

/**
 * Built-ins no keyword rule may take over. STOP and START are the sender's right; ACK, APPROVE and
 * REJECT record something (an acknowledgement, a decision), and a rule answering them instead
 * would thank the sender while recording nothing.
 */
const RESERVED: ReadonlyMap<BuiltIn, string> = new Map<BuiltIn, string>([
  ["STOP", "STOP and START are reserved for opting out and in"],
  ["START", "STOP and START are reserved for opting out and in"],
  ["ACK", "ACK, APPROVE and REJECT are reserved: they record acknowledgements and approval decisions"],
  ["APPROVE", "ACK, APPROVE and REJECT are reserved: they record acknowledgements and approval decisions"],
  ["REJECT", "ACK, APPROVE and REJECT are reserved: they record acknowledgements and approval decisions"],
]);

/** The built-in command `word` (a message's first word, normalised) runs, or null. */
export function builtInFor(word: string): BuiltIn | null {
  return Object.hasOwn(BUILT_IN_WORDS, word) ? BUILT_IN_WORDS[word as keyof typeof BUILT_IN_WORDS] : null;
}

export function isReserved(command: BuiltIn): boolean {
  return RESERVED.has(command);
}

/**
 * Why no rule may have this keyword, or null. Judged the way messages are (by the first word, past
 * punctuation): "¡STOP" runs STOP, so a rule for it could never answer.
 */
export function reservedKeywordProblem(keyword: string): string | null {
  const builtIn = builtInFor(firstWord(normalizeKeyword(keyword)));
  return builtIn ? (RESERVED.get(builtIn) ?? null) : null;
}

/**
 * Why no rule may have this keyword as typed, or null. A stored keyword is the keyword read exactly
 * as a message is (normalizeKeyword), and must be what the admin typed up to case, width and
 * spacing: a keyword that reading would cut or empty is refused, not stored as something else
 * ("{name}" as "{NAME", "!!!" as nothing). Pure, so the rule form can say it while the admin types.
 */
export function keywordProblem(keyword: string): string | null {
  const reserved = reservedKeywordProblem(keyword);
  if (reserved) return reserved;
  const typed = normalizeText(keyword);
  if (!typed) return "Enter a keyword";
  if (!/[\p{L}\p{N}]/u.test(typed)) return "A keyword needs a letter or a number";
  // Pasted text brings zero-width spaces and direction marks; a sender's message would rarely carry the same one.
  const invisible = /[\p{Cc}\p{Cf}]/u.exec(typed)?.[0];
  if (invisible) return `The keyword contains an invisible character (U+${invisible.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}): type it again without it`;
  const kept = withoutTrailingPunctuation(typed);
  if (kept !== typed) return `End the keyword with a letter or number: a message's final punctuation is ignored, so “${typed}” would be saved as “${kept}”`;
  return null;
}

/**
 * The built-in a rule with this keyword answers instead of, with the word as the sender types it
 * ("MENU" replaces HELP), or null. Rules come before these built-ins on purpose (an admin may
 * rewrite STATUS to point at a portal), so this is shown, not refused.
 */
export function replacedBuiltIn(keyword: string): { word: string; command: BuiltIn } | null {
  const word = firstWord(normalizeKeyword(keyword));
  const command = builtInFor(word);
  return command && !RESERVED.has(command) ? { word, command } : null;
}
