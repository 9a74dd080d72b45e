export type Throttle = "rate_limited" | "cooldown" | null;

/**
 * Whether a sender's message may get an auto-reply. `messagesToday` already counts this message.
 * Over the daily limit nothing is answered or run but STOP and START (a sender's right); within
 * the cooldown the caller holds back only small-talk replies (see isChatty in lib/commands/router),
 * never an answer the sender asked of their records.
 */
export function autoReplyThrottle(
  input: { messagesToday: number; lastAutoReplyAt: Date | null; now: Date },
  limits: { dailyLimit: number; cooldownSeconds: number },
): Throttle {
  if (input.messagesToday > limits.dailyLimit) return "rate_limited";
  if (input.lastAutoReplyAt && input.now.getTime() - input.lastAutoReplyAt.getTime() < limits.cooldownSeconds * 1000) return "cooldown";
  return null;
}

export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
