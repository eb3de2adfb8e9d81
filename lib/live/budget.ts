import "server-only";

/**
 * A token bucket of upstream reads per LiveKit project: however many tabs, polls and views
 * there are, the console reads at most `perSecond` times a second on average (bursts up to
 * one second's worth). A read without a token is skipped and the last copy served.
 */
export class ReadBudget {
  private tokens: number;
  private lastMs = Date.now();

  constructor(private perSecond: number) {
    this.tokens = perSecond;
  }

  setRate(perSecond: number) {
    this.perSecond = perSecond;
  }

  take(n = 1): boolean {
    const now = Date.now();
    this.tokens = Math.min(
      this.perSecond,
      this.tokens + ((now - this.lastMs) / 1000) * this.perSecond,
    );
    this.lastMs = now;
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }
}
