/**
 * Sign-in throttling, in memory (one console process). Failures per user and per address
 * within a window first slow the answer, then refuse for a while, even a right password.
 */
export type ThrottleRule = {
  slowAfter: number;
  lockAfter: number;
  windowMs: number;
  lockMs: number;
};

export const USER_RULE: ThrottleRule = {
  slowAfter: 3,
  lockAfter: 5,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
};
export const ADDRESS_RULE: ThrottleRule = {
  slowAfter: 10,
  lockAfter: 20,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
};
const MAX_DELAY_MS = 4_000;
const MAX_ENTRIES = 10_000;

type Entry = { failures: number; firstAt: number; lockedUntil: number };

export type Verdict =
  { allowed: true; delayMs: number } | { allowed: false; retryAfterSec: number };

export class Throttle {
  private entries = new Map<string, Entry>();
  constructor(private readonly now: () => number = Date.now) {}

  private entry(key: string, rule: ThrottleRule): Entry | undefined {
    const e = this.entries.get(key);
    const lockServed = e !== undefined && e.lockedUntil > 0 && e.lockedUntil <= this.now();
    // A served lock or a quiet window starts the count afresh.
    if (e && (lockServed || (e.lockedUntil === 0 && this.now() - e.firstAt > rule.windowMs))) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  check(keys: [string, ThrottleRule][]): Verdict {
    let delayMs = 0;
    for (const [key, rule] of keys) {
      const e = this.entry(key, rule);
      if (!e) continue;
      if (e.lockedUntil > this.now())
        return { allowed: false, retryAfterSec: Math.ceil((e.lockedUntil - this.now()) / 1000) };
      if (e.failures >= rule.slowAfter)
        delayMs = Math.max(
          delayMs,
          Math.min(MAX_DELAY_MS, 250 * 2 ** (e.failures - rule.slowAfter)),
        );
    }
    return { allowed: true, delayMs };
  }

  fail(keys: [string, ThrottleRule][]) {
    for (const [key, rule] of keys) {
      const e = this.entry(key, rule) ?? { failures: 0, firstAt: this.now(), lockedUntil: 0 };
      e.failures += 1;
      if (e.failures >= rule.lockAfter) e.lockedUntil = this.now() + rule.lockMs;
      this.entries.set(key, e);
    }
    // Bounded memory under a spray of made-up names: drop the oldest entries.
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }

  /** A right password clears that user's count; an address keeps its record. */
  succeed(key: string) {
    this.entries.delete(key);
  }
}
