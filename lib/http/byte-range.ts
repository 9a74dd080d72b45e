/** One byte range of a `Range` header: inclusive offsets, as in `bytes=0-1023`. */
export interface ByteRange {
  start: number;
  end: number;
}

// One range only: players ask for one, and multipart answers are rare enough to not be worth serving.
const SINGLE_RANGE = /^bytes=(\d{0,15})-(\d{0,15})$/;

/** Whether `header` asks for one byte range in a form worth passing on (anything else gets the whole file). */
export function isSingleByteRange(header: string | null): header is string {
  const match = header ? SINGLE_RANGE.exec(header.trim()) : null;
  return Boolean(match && (match[1] || match[2]) && !(match[1] && match[2] && Number(match[1]) > Number(match[2])));
}

/**
 * The part of a file of `size` bytes that `header` asks for (RFC 9110 §14.1.2): null when the
 * header is absent or not one valid range (serve the whole file), "unsatisfiable" when it starts
 * past the end (answer 416).
 */
export function byteRangeOf(header: string | null, size: number): ByteRange | "unsatisfiable" | null {
  if (!isSingleByteRange(header)) return null;
  const [, first, last] = SINGLE_RANGE.exec(header.trim())!;
  if (!first) {
    // A suffix: the last N bytes.
    const length = Number(last);
    return length === 0 || size === 0 ? "unsatisfiable" : { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return "unsatisfiable";
  return { start, end: last ? Math.min(Number(last), size - 1) : size - 1 };
}
