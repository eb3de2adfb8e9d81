import "server-only";

export type RecomputeOptions = {
  /** Recomputes at once: the webhook INSERTs on the request path get the connections first. */
  concurrency: number;
  /** Events for one room within this window share one recompute (100 joins: a few, not 100). */
  delayMs: number;
  /**
   * A room is re-derived at most once per this interval. Each recompute reads all the room's
   * events, so without it a busy room (or 500 rooms at 1,000 events a second) kept the database
   * re-reading the same rows as fast as it could, taking the CPU the webhook INSERTs need.
   */
  minIntervalMs: number;
};

/** A room whose recompute keeps failing is left to the next event or the restart's repair. */
const MAX_RETRIES = 3;

/**
 * When History re-derives each room's session from its events: soon after they arrive, a few at
 * a time, each room at most once per `minIntervalMs`. A room with events during its interval is
 * re-derived when the interval ends; one whose recompute failed is tried again then (three
 * times at most). Keys are
 * opaque (the caller's "project NUL room sid").
 */
export class RecomputeScheduler {
  /** Waiting to run, in arrival order (a Set: each room once). */
  private readonly dirty = new Set<string>();
  /** Re-derived (or failed) within the interval: when each finished, in finishing order. */
  private readonly cooling = new Map<string, number>();
  /** Events came (or the recompute failed) while cooling: run when the interval is up. */
  private readonly deferred = new Set<string>();
  /** Rooms whose last recomputes failed, and how many times in a row. */
  private readonly failures = new Map<string, number>();
  private running = 0;
  private timer?: NodeJS.Timeout;
  private coolTimer?: NodeJS.Timeout;

  constructor(
    private readonly run: (key: string) => Promise<void>,
    private readonly opts: RecomputeOptions,
    /** A monotonic clock: a wall clock stepped back would hold every room in its interval. */
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The room has new events. */
  soon(key: string) {
    if (this.cooling.has(key)) {
      this.deferred.add(key);
      return;
    }
    this.dirty.add(key);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.drain();
    }, this.opts.delayMs);
    this.timer.unref();
  }

  /** Recomputes waiting or running (tests wait for none before reading). */
  pending(): number {
    return this.dirty.size + this.deferred.size + this.running + (this.timer ? 1 : 0);
  }

  private drain() {
    while (this.running < this.opts.concurrency && this.dirty.size > 0) {
      const key = this.dirty.values().next().value!;
      this.dirty.delete(key);
      this.running += 1;
      void this.run(key)
        .then(
          () => this.failures.delete(key),
          () => {
            // Tried again after the interval, a few times (a restart's repair does the rest).
            const n = (this.failures.get(key) ?? 0) + 1;
            if (n <= MAX_RETRIES) {
              this.failures.set(key, n);
              this.deferred.add(key);
            } else this.failures.delete(key);
          },
        )
        .finally(() => {
          this.running -= 1;
          this.cooling.delete(key); // to the end: the map stays in finishing order
          this.cooling.set(key, this.now());
          this.coolTimer ??= setInterval(() => this.cool(), this.opts.minIntervalMs / 4);
          this.coolTimer.unref();
          this.drain();
        });
    }
  }

  /** Ends the intervals that are up; a room deferred meanwhile runs now. */
  private cool() {
    const before = this.now() - this.opts.minIntervalMs;
    // In finishing order: the first still cooling ends the pass.
    for (const [key, at] of this.cooling) {
      if (at > before) break;
      this.cooling.delete(key);
      if (this.deferred.delete(key)) this.dirty.add(key);
    }
    if (this.cooling.size === 0 && this.coolTimer) {
      clearInterval(this.coolTimer);
      this.coolTimer = undefined;
    }
    this.drain();
  }
}
