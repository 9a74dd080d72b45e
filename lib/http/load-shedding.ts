/**
 * Caps the requests served at once. Past the cap the server answers 503 with Retry-After at once,
 * before reading a body or touching the database, so a flood costs little and the requests
 * already admitted finish on time instead of everyone slowing down together.
 */
export class InFlightLimiter {
  private inFlight = 0;
  private shedSinceReport = 0;

  constructor(readonly limit: number) {}

  /** True when the request may proceed; it must then call `leave` exactly once. */
  tryEnter(): boolean {
    if (this.inFlight >= this.limit) {
      this.shedSinceReport++;
      return false;
    }
    this.inFlight++;
    return true;
  }

  leave(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  get current(): number {
    return this.inFlight;
  }

  /** Requests shed since the previous call: a flood is logged as one line per interval, not one per request. */
  takeShedCount(): number {
    const count = this.shedSinceReport;
    this.shedSinceReport = 0;
    return count;
  }
}

/** Seconds a shed client should wait: long enough to let the backlog drain, short enough for Twilio's patience. */
export const RETRY_AFTER_SECONDS = 1;
