import "server-only";

/**
 * Group commit for webhook events: each delivery waits for the statement that stores it, and
 * the events that arrive while a statement runs go into the next one. At 1,000 events a second
 * this is a few dozen statements a second instead of a thousand, and an event is answered only
 * once its row is committed (a single INSERT commits as a whole).
 *
 * The queue is bounded: past `maxPending` waiting events, or when an event is not stored within
 * `timeoutMs`, the caller is told "busy" so the receiver answers 503 with Retry-After and LiveKit
 * delivers again (a timed-out event may still be stored by its statement; the retry then finds it
 * there and nothing is stored twice).
 */

/** What became of one offered event. */
export type Outcome =
  | { kind: "stored" }
  | { kind: "duplicate" }
  /** Too many waiting, or not stored in time: ask for a retry. */
  | { kind: "busy"; reason: "queue full" | "timed out" }
  /** The statement failed (database down, a constraint): ask for a retry. */
  | { kind: "failed"; error: unknown };

/** Writes one batch; answers which of its keys were newly stored (the rest were already there). */
export type BatchWriter<T> = (items: T[]) => Promise<Set<string>>;

type Waiter<T> = { key: string; item: T; settle: (o: Outcome) => void; settled: boolean };

export type IngestQueueOptions = {
  /** Events waiting (queued or in a running statement) before new ones are refused. */
  maxPending: number;
  /** Rows per statement. */
  maxBatch: number;
  /** Statements running at once (1 for an embedded database: it has one thread). */
  concurrency: number;
  /** How long a delivery waits for its row before it is answered "busy". */
  timeoutMs: number;
};

export class IngestQueue<T> {
  private queued: Waiter<T>[] = [];
  private eventsInFlight = 0;
  private statementsRunning = 0;

  constructor(
    private readonly write: BatchWriter<T>,
    private readonly opts: IngestQueueOptions,
  ) {}

  /** Events waiting for their statement, and in one. */
  get pending(): number {
    return this.queued.length + this.eventsInFlight;
  }

  /** Resolves once `item` is committed (or known to be there), or with why it was not. */
  offer(key: string, item: T): Promise<Outcome> {
    if (this.pending >= this.opts.maxPending)
      return Promise.resolve({ kind: "busy", reason: "queue full" });
    return new Promise<Outcome>((resolve) => {
      const w: Waiter<T> = { key, item, settled: false, settle: () => undefined };
      const timer = setTimeout(
        () => w.settle({ kind: "busy", reason: "timed out" }),
        this.opts.timeoutMs,
      );
      w.settle = (o) => {
        if (w.settled) return;
        w.settled = true;
        clearTimeout(timer);
        resolve(o);
      };
      this.queued.push(w);
      this.pump();
    });
  }

  private pump() {
    while (this.statementsRunning < this.opts.concurrency && this.queued.length > 0) {
      const batch = this.queued.splice(0, this.opts.maxBatch);
      this.statementsRunning += 1;
      this.eventsInFlight += batch.length;
      void this.run(batch).finally(() => {
        this.statementsRunning -= 1;
        this.eventsInFlight -= batch.length;
        this.pump();
      });
    }
  }

  private async run(batch: Waiter<T>[]) {
    // One row per key: a retry that arrives while its first delivery waits shares its fate,
    // except that only one of them can be the one that stored it.
    const first = new Map<string, Waiter<T>>();
    for (const w of batch) if (!first.has(w.key)) first.set(w.key, w);
    // In key order: two statements (here or on another instance) inserting the same ids in
    // opposite orders would each wait on the other's uncommitted rows (a deadlock).
    const unique = [...first.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const failed = new Map<string, unknown>();
    let stored: Set<string>;
    try {
      stored = await this.write(unique.map((w) => w.item));
    } catch (error) {
      // One event the database refuses (a value it cannot hold) must not fail the others in
      // its statement: each is tried alone. A database that is down fails them all.
      stored = new Set();
      if (unique.length > 1 && isDataError(error)) {
        // Until something other than a row fails (the database went away): the rest fail too.
        let down: unknown;
        for (const w of unique) {
          if (down !== undefined) {
            failed.set(w.key, down);
            continue;
          }
          try {
            for (const k of await this.write([w.item])) stored.add(k);
          } catch (e) {
            failed.set(w.key, e);
            if (!isDataError(e)) down = e;
          }
        }
      } else for (const w of unique) failed.set(w.key, error);
    }
    for (const w of batch) {
      if (failed.has(w.key)) w.settle({ kind: "failed", error: failed.get(w.key) });
      else
        w.settle(
          first.get(w.key) === w && stored.has(w.key) ? { kind: "stored" } : { kind: "duplicate" },
        );
    }
  }
}

/** PostgreSQL's data exceptions (class 22) and constraint violations (class 23): about a row. */
export function isDataError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code.startsWith("22") || code.startsWith("23"));
}
