/**
 * Caps how many rows one kind of refusal writes to the error log per minute. Refused webhooks are
 * answered before anyone is authenticated: without a cap, a flood of forged requests would become
 * a flood of error-log rows (each keeping the request it refused) and fill the disk. What is not
 * written is counted, and the count is logged once its minute is over.
 */
export class LogBudget {
  private readonly windows = new Map<string, { start: number; used: number; skipped: number }>();

  constructor(
    readonly perWindow = 30,
    readonly windowMs = 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Whether a row of this kind may be written now, and how many of its kind went unwritten in the
   * window that just ended (to be logged with it). Keys must come from a small fixed set (a source
   * and an HTTP status, never request text), or the map itself would grow with the flood.
   */
  take(key: string): { write: boolean; skippedBefore: number } {
    const now = this.clock();
    const window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      this.windows.set(key, { start: now, used: 1, skipped: 0 });
      return { write: true, skippedBefore: window?.skipped ?? 0 };
    }
    if (window.used < this.perWindow) {
      window.used++;
      return { write: true, skippedBefore: 0 };
    }
    window.skipped++;
    return { write: false, skippedBefore: 0 };
  }

  /** The unwritten counts of windows that are over, each reported once, so a flood that stopped is still told. */
  drainEnded(): { key: string; skipped: number }[] {
    const now = this.clock();
    const ended: { key: string; skipped: number }[] = [];
    for (const [key, window] of this.windows) {
      if (now - window.start < this.windowMs) continue;
      if (window.skipped > 0) ended.push({ key, skipped: window.skipped });
      this.windows.delete(key);
    }
    return ended;
  }
}
