import { foregroundState } from "@/lib/http/foreground";

/** Runs `work` over items with at most `limit` at once; stops starting new ones when `stop()`. */
export async function forEachLimited<T>(
  items: T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length && !stop()) {
      const i = next++;
      await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** At most `limit` holders at once; the others wait in order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private limit: number) {}

  /** The limit follows configuration changes; running holders finish. */
  setLimit(limit: number) {
    this.limit = limit;
    while (this.active < this.limit && this.waiting.length > 0) this.grant();
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) this.active += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      this.active -= 1;
      if (this.waiting.length > 0 && this.active < this.limit) this.grant();
    }
  }

  private grant() {
    this.active += 1;
    this.waiting.shift()!();
  }

  get inFlight() {
    return this.active;
  }
}

/** How long a long loop runs before it lets other requests in (see mapYielding). */
const SLICE_MS = 4;
/** Items handled between looks at the clock. */
const CHECK_EVERY = 64;
/** The longest a slice waits for the operator's requests to be answered before it runs anyway. */
const GIVE_WAY_MS = 25;

/**
 * Between two slices: lets queued work in, then waits while a request an operator waits on
 * (a search, a page of rooms: counted by asForeground in lib/http/foreground.ts) is
 * being answered, at most `maxMs`, so a pass keeps going under a steady stream of them.
 */
export async function giveWay(maxMs: number = GIVE_WAY_MS) {
  await new Promise<void>((resolve) => setImmediate(resolve));
  const state = foregroundState();
  if (state.inFlight <= 0 || maxMs <= 0) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      state.waiters.delete(done);
      resolve();
    };
    const timer = setTimeout(done, maxMs);
    state.waiters.add(done);
  });
}

/**
 * `items.map(fn)` in slices of about `sliceMs`, handing the event loop back between them. One
 * pass over 10,000 rooms (Needs attention's reasons) held every other request of the server for
 * 100–300 ms on a slow machine. Slices were 500 rooms at first, but a slice of 500 took 30–50
 * ms on a slow day and a search typed meanwhile waited for it: slices are now a time, so a
 * request waits a few milliseconds at most, however slow each item or the machine is. Even so,
 * a search that needs a dozen turns of the event loop met a slice at each (60-200 ms at 10,000
 * rooms): slices now also wait while such a request is answered (giveWay).
 */
export async function mapYielding<T, U>(
  items: readonly T[],
  fn: (item: T, index: number) => U,
  sliceMs = SLICE_MS,
  giveWayMs = GIVE_WAY_MS,
): Promise<U[]> {
  const out: U[] = [];
  await forEachYielding(items, (item, i) => void out.push(fn(item, i)), sliceMs, giveWayMs);
  return out;
}

/** `items.forEach(fn)` in slices, as mapYielding, with no array of results to build. */
export async function forEachYielding<T>(
  items: readonly T[],
  fn: (item: T, index: number) => void,
  sliceMs = SLICE_MS,
  giveWayMs = GIVE_WAY_MS,
): Promise<void> {
  let sliceStart = performance.now();
  for (let i = 0; i < items.length; i++) {
    if (i > 0 && i % CHECK_EVERY === 0 && performance.now() - sliceStart >= sliceMs) {
      await giveWay(giveWayMs);
      sliceStart = performance.now();
    }
    fn(items[i]!, i);
  }
}
