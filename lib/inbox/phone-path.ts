/** "+919812345678" ↔ "/inbox/919812345678": digits only, so links need no escaping. */
export function threadHref(phone: string): string {
  return `/inbox/${phone.replace(/^\+/, "")}`;
}

/**
 * The number a conversation URL names, as people paste it: "919812345678", "+919812345678",
 * "%2B919812345678", "+91 98123 45678", "+91-98123-45678", "(+91) 98123.45678" or
 * "whatsapp:+919812345678". Spaces, dashes, dots and brackets are only separators (as the inbox's
 * Number filter ignores them); anything else (letters, a second "+", too few or too many digits, a
 * leading 0) is no number, so the page is a 404 rather than a guess.
 */
export function phoneFromSegment(segment: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    return null;
  }
  const number = decoded.trim().replace(/^whatsapp:/i, "").replace(/[\s().-]/g, "");
  const match = /^\+?([1-9]\d{6,14})$/.exec(number);
  return match ? `+${match[1]}` : null;
}

/** The conversation path's own segment for a number: what threadHref writes, the URL to redirect other spellings to. */
export function canonicalSegment(phone: string): string {
  return threadHref(phone).slice("/inbox/".length);
}

export function encodeCursor(cursor: { createdAt: Date; id: number }): string {
  return `${cursor.createdAt.getTime()}-${cursor.id}`;
}

export function decodeCursor(value: string | undefined): { createdAt: Date; id: number } | undefined {
  const match = value ? /^(\d{1,15})-(\d{1,15})$/.exec(value) : null;
  return match ? { createdAt: new Date(Number(match[1])), id: Number(match[2]) } : undefined;
}
