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

/** A message as keyword rules compare it: "  Office hours! " → "OFFICE HOURS". */
export function matchableText(body: string): string {
  return withoutTrailingPunctuation(normalizeText(body));
}

/**
 * How a keyword rule is stored, so matching is a plain comparison: read exactly as a message is
 * (matchableText). What that reading drops beyond case, width and spacing (punctuation at the end)
 * is refused by keywordProblem rather than silently cut: "{name}" must not become "{NAME".
 */
export function normalizeKeyword(keyword: string): string {
  return matchableText(keyword);
}
