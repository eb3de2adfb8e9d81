import "server-only";
import type { LiveKitTarget } from "@/lib/config-schema";
import { sharedChanged, sharedKey, sharedRead } from "@/lib/live/shared-copy";
import { processSingleton } from "@/lib/process-singleton";

type Held<T> = { atMs: number; value: Promise<T> };

/**
 * A list that changes only when someone changes it (SIP trunks and rules, stream inputs): every
 * tab and instance shares one read per `freshMs` (one in flight per instance, a copy in Redis
 * across instances). `changed` drops the copy at once; a change made elsewhere (the lk CLI)
 * shows within `freshMs`.
 */
export function freshRead<T>(kind: string, freshMs: number) {
  const held = (): Map<string, Held<T>> =>
    processSingleton(`fresh-read:${kind}`, () => new Map<string, Held<T>>());
  const scopeOf = (project: string, t: LiveKitTarget) =>
    `${project}\u0000${t.url}\u0000${t.apiKey}\u0000${t.apiSecret}`;
  return {
    read(project: string, target: LiveKitTarget, read: () => Promise<T>): Promise<T> {
      const scope = scopeOf(project, target);
      const cache = held();
      const had = cache.get(scope);
      if (had && performance.now() - had.atMs < freshMs) return had.value;
      const value = sharedRead(sharedKey(kind, scope), freshMs, read);
      const entry = { atMs: performance.now(), value };
      cache.set(scope, entry);
      // A failure is not kept: the next reader asks again.
      value.catch(() => cache.get(scope) === entry && cache.delete(scope));
      return value;
    },
    /** After a change: the next read, here or on any instance, goes to LiveKit. */
    async changed(project: string, target: LiveKitTarget) {
      const scope = scopeOf(project, target);
      held().delete(scope);
      await sharedChanged(sharedKey(kind, scope));
    },
  };
}
