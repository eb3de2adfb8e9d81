import "server-only";
import type { RoomServiceClient } from "livekit-server-sdk";

type Waiter = { n: number; resolve: () => void; drop: () => void };

/**
 * A token bucket of upstream reads per LiveKit project: however many tabs, polls and views
 * there are, the console reads at most `perSecond` times a second on average (bursts up to
 * one second's worth).
 *
 * Two kinds of reader share it. The shared polls `take()`: a read without a token is skipped
 * and the last copy served. Reads one request fans out (a bulk-delete preview counting room by
 * room) `acquire()`: they wait their turn, first come first served, and are served only from
 * the tokens above half the bucket, so the polls every tab shows keep the other half however
 * long a preview of 5,000 rooms takes.
 */
export class ReadBudget {
  private tokens: number;
  private lastMs = Date.now();
  private readonly queue: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private perSecond: number) {
    this.tokens = perSecond;
  }

  setRate(perSecond: number) {
    if (perSecond === this.perSecond) return;
    this.refill();
    this.perSecond = perSecond;
    this.tokens = Math.min(this.tokens, perSecond);
    if (this.queue.length > 0) this.grant();
  }

  take(n = 1): boolean {
    this.refill();
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }

  /**
   * Waits until `n` reads may be made, after every earlier waiter. No polling: one timer, set
   * for when the first waiter's tokens will be there. Aborted, it rejects with the signal's
   * reason and takes nothing.
   */
  acquire(n = 1, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const i = this.queue.indexOf(w);
        if (i < 0) return;
        this.queue.splice(i, 1);
        reject(signal!.reason as Error);
        // The first waiter left: the next may need fewer tokens, or none remain.
        if (i === 0) this.grant();
      };
      const drop = () => signal?.removeEventListener("abort", onAbort);
      const w: Waiter = { n, resolve, drop };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.queue.push(w);
      if (this.queue.length === 1) this.grant();
    });
  }

  /** Tokens left for the polls: waiters are served from what is above. */
  private get reserve() {
    return Math.floor(this.perSecond / 2);
  }

  /** A waiter needs this many in the bucket (at most a full bucket: a big `n` goes into debt). */
  private needed(n: number) {
    return Math.min(this.reserve + n, this.perSecond);
  }

  /** Serves waiters in order while tokens last, then sleeps until the first one's are there. */
  private grant() {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.refill();
    let head = this.queue[0];
    while (head && this.tokens >= this.needed(head.n)) {
      this.tokens -= head.n;
      this.queue.shift();
      head.drop();
      head.resolve();
      head = this.queue[0];
    }
    if (!head) return;
    const waitMs = ((this.needed(head.n) - this.tokens) / this.perSecond) * 1000;
    this.timer = setTimeout(() => this.grant(), Math.max(1, Math.ceil(waitMs)));
  }

  private refill() {
    const now = Date.now();
    this.tokens = Math.min(
      this.perSecond,
      this.tokens + ((now - this.lastMs) / 1000) * this.perSecond,
    );
    this.lastMs = now;
  }
}

/**
 * `rs` whose reads (ListRooms, ListParticipants) each wait for a token of `budget` first; its
 * changes (DeleteRoom) go through as they are.
 */
export function budgetedReads(rs: RoomServiceClient, budget: ReadBudget): RoomServiceClient {
  const reads = Object.create(rs) as RoomServiceClient;
  reads.listRooms = async (names?: string[]) => {
    await budget.acquire();
    return rs.listRooms(names);
  };
  reads.listParticipants = async (room: string) => {
    await budget.acquire();
    return rs.listParticipants(room);
  };
  return reads;
}
