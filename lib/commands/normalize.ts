/** Case-, width- and whitespace-insensitive form of a message: "  stop. " → "STOP.". */
export function normalizeText(body: string): string {
  return body.normalize("NFKC").trim().replace(/\s+/g, " ").toUpperCase();
}

/** The first word without surrounding punctuation: "Hi!" → "HI", "approve 42" → "APPROVE". */
export function firstWord(normalized: string): string {
  const word = normalized.split(" ", 1)[0] ?? "";
  return word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
}

export function withoutTrailingPunctuation(normalized: string): string {
  return normalized.replace(/[^\p{L}\p{N}]+$/u, "");
}

/** How a keyword rule is stored, so matching is a plain comparison. */
export function normalizeKeyword(keyword: string): string {
  return withoutTrailingPunctuation(normalizeText(keyword));
}
