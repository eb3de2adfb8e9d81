import "server-only";
import { createHash } from "node:crypto";
import { log } from "@/lib/logger";

/** One shared view of an upstream resource, as every reader sees it. */
export type Snapshot<T> = {
  value: T | undefined;
  /** Bumped only when the content changes: the basis of ETags. */
  version: number;
  fetchedAtMs: number | undefined;
  /** How long the last upstream read took. */
  lastReadMs: number | undefined;
  /** The last read's failure, while it lasts (the value is then the last good one). */
  error: unknown;
  /** Set while a read takes over half the interval: the poll has backed off to this period. */
  backedOffToMs: number | undefined;
  /** The slow read the period is stretched for (while backedOffToMs is set). */
  slowReadMs: number | undefined;
};

export type PollOptions<T> = {
  /** What it reads, for the log ("rooms of default"). */
  label: string;
  intervalMs: number;
  /** Stop polling once nobody has read for this long. */
  idleMs: number;
  fetch: () => Promise<T>;
  /** Takes a token of the project's upstream budget; false means skip this round. */
  admit?: () => boolean;
  /** Called when the loop goes idle (nobody watching), e.g. to forget the poll. */
  onIdle?: () => void;
  /** What decides "changed" (default: the JSON's hash). */
  fingerprint?: (value: T) => string;
};

const MAX_BACKOFF_MS = 30_000;
/** Quick reads in a row that end a backoff: a list near the threshold does not flap. */
const QUICK_READS_TO_RECOVER = 3;

/** The default "changed" test: a hash of the value's JSON. */
export const fingerprint = (v: unknown) =>
  createHash("sha1").update(JSON.stringify(v)).digest("base64");

/**
 * An informer in the Kubernetes sense: a single loop reads upstream while someone watches,
 * never two reads at once (single-flight), and readers get the latest copy without waiting.
 * A slow or failing upstream stretches the period instead of stacking calls.
 */
export class SharedPoll<T> {
  private value: T | undefined;
  private hash: string | undefined;
  private version = 0;
  private fetchedAtMs: number | undefined;
  private lastDurationMs: number | undefined;
  private error: unknown;
  private failures = 0;
  private inFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastWantedMs = 0;
  private backedOffToMs: number | undefined;
  private slowReadMs: number | undefined;
  private quickReads = 0;

  constructor(private readonly opts: PollOptions<T>) {}

  /**
   * The latest snapshot. Marks the resource as watched (starting the loop when idle); only the
   * first reader ever waits, for the first copy.
   */
  async read(): Promise<Snapshot<T>> {
    const now = Date.now();
    this.lastWantedMs = now;
    const never = this.value === undefined && this.error === undefined;
    // Waking from idle: a copy older than two intervals is not served as if it were live.
    const dormant =
      !this.timer && !this.inFlight && (this.fetchedAtMs ?? 0) < now - 2 * this.opts.intervalMs;
    if (never || dormant) await this.refresh();
    else if (!this.timer && !this.inFlight) this.schedule(0);
    return this.snapshot();
  }

  /**
   * After a change: a read that starts after it (one already under way began before the
   * change, so it is awaited first; still never two at once).
   */
  async invalidate(): Promise<void> {
    const running = this.inFlight;
    if (running) await running;
    // Several changes at once share the read that follows them.
    await (this.inFlight && this.inFlight !== running ? this.inFlight : this.refresh());
  }

  /** Reads upstream now unless a read is already under way (then that one is awaited). */
  refresh(): Promise<void> {
    this.inFlight ??= this.readOnce().finally(() => {
      this.inFlight = undefined;
      this.schedule(this.nextDelay());
    });
    return this.inFlight;
  }

  snapshot(): Snapshot<T> {
    return {
      value: this.value,
      version: this.version,
      fetchedAtMs: this.fetchedAtMs,
      lastReadMs: this.lastDurationMs,
      error: this.error,
      backedOffToMs: this.backedOffToMs,
      slowReadMs: this.slowReadMs,
    };
  }

  /** Stops the loop (tests, configuration changes). */
  stop() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.lastWantedMs = 0;
  }

  private async readOnce() {
    if (this.opts.admit && this.value !== undefined && !this.opts.admit()) return;
    const t0 = performance.now();
    try {
      const value = await this.opts.fetch();
      const hash = (this.opts.fingerprint ?? fingerprint)(value);
      if (hash !== this.hash) {
        this.hash = hash;
        this.value = value;
        this.version += 1;
      }
      this.fetchedAtMs = Date.now();
      this.error = undefined;
      this.failures = 0;
    } catch (e) {
      // Logged once when it starts failing, not once per reader or per retry.
      if (this.failures === 0) log("warn", "upstream read failed", { what: this.opts.label }, e);
      this.error = e;
      this.failures += 1;
    } finally {
      this.lastDurationMs = Math.round(performance.now() - t0);
    }
  }

  private nextDelay(): number {
    const { intervalMs } = this.opts;
    const took = this.lastDurationMs ?? 0;
    // LiveKit spends at most half its time on us: a read that took more than half the
    // interval waits as long as it took before the next one (the period is twice the read;
    // a 1.9 s list at a 2 s interval asked for again at once would keep LiveKit listing
    // 95 % of the time). The stretch holds until QUICK_READS_TO_RECOVER quick
    // reads in a row: at 10,000 rooms a list can hover around half the interval (1.0–1.4 s
    // here), and the note saying so came and went with single reads. A quick failure
    // (refused, wrong key) is retried at the interval: one call per interval is no storm, and
    // recovery shows within it.
    const slowNow = 2 * took > intervalMs;
    if (slowNow) {
      this.slowReadMs = Math.min(MAX_BACKOFF_MS, took);
      this.quickReads = 0;
    } else if (this.slowReadMs !== undefined && ++this.quickReads >= QUICK_READS_TO_RECOVER) {
      this.slowReadMs = undefined;
    }
    const slow = this.slowReadMs ?? 0;
    // This read slow: wait as long as it took. A quick one while stretched: the period holds.
    const delay = slowNow
      ? Math.max(intervalMs - took, slow, 0)
      : Math.max(intervalMs, 2 * slow) - took;
    this.backedOffToMs = slow ? delay + took : undefined;
    return delay;
  }

  private schedule(delayMs: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // Idle: nobody has read for a while, so nothing is polled until someone reads again.
    if (Date.now() - this.lastWantedMs > this.opts.idleMs) {
      this.opts.onIdle?.();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delayMs);
    this.timer.unref();
  }
}
