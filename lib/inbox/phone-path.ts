/** "+919812345678" ↔ "/inbox/919812345678": digits only, so links need no escaping. */
export function threadHref(phone: string): string {
  return `/inbox/${phone.replace(/^\+/, "")}`;
}

export function phoneFromSegment(segment: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    return null;
  }
  const digits = decoded.replace(/^\+/, "");
  return /^[1-9]\d{6,14}$/.test(digits) ? `+${digits}` : null;
}

export function encodeCursor(cursor: { createdAt: Date; id: number }): string {
  return `${cursor.createdAt.getTime()}-${cursor.id}`;
}

export function decodeCursor(value: string | undefined): { createdAt: Date; id: number } | undefined {
  const match = value ? /^(\d{1,15})-(\d{1,15})$/.exec(value) : null;
  return match ? { createdAt: new Date(Number(match[1])), id: Number(match[2]) } : undefined;
}
