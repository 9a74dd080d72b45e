/**
 * The first `maxLength` UTF-16 units of `value`, one fewer if the cut would split a surrogate
 * pair: half an emoji has no UTF-8 form, and SQLite would store it as U+FFFD.
 */
export function truncateText(value: string, maxLength: number): string {
  if (value.length <= maxLength) return value;
  const end = maxLength > 0 && /[\uD800-\uDBFF]/.test(value.charAt(maxLength - 1)) ? maxLength - 1 : maxLength;
  return value.slice(0, end);
}

/** "1 day", "2 days", "0 days": a count with its noun, which takes an "s" (or its own plural) unless the count is one. */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

/**
 * A textarea's text as typed: browsers submit its line breaks as CRLF, which would reach WhatsApp
 * as "\r\n", count twice toward Twilio's limit and show as a change in every audit entry.
 */
export function unixLineBreaks(value: string): string {
  return value.replace(/\r\n?/g, "\n");
}

const names = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/** People's names in the order a reader expects: "Bulk 2" before "Bulk 10", case and accents aside. */
export function compareNames(a: string, b: string): number {
  return names.compare(a, b);
}
