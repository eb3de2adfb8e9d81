import "server-only";
import { processSingleton } from "@/lib/process-singleton";
import type { EgressList } from "@/lib/egress/types";

/**
 * Every open Recordings view polls every 5 s: within this many ms the tabs of one instance
 * share one ListEgress and one History read per project and room filter (a cache only: a
 * change made here clears it at once, see `forgetEgressLists`).
 */
const TTL_MS = 2_000;
type Entry = { atMs: number; value: Promise<EgressList> };
const lists = () => processSingleton("egress-lists", () => new Map<string, Entry>());

export function sharedList(key: string, read: () => Promise<EgressList>): Promise<EgressList> {
  const m = lists();
  const hit = m.get(key);
  if (hit && Date.now() - hit.atMs < TTL_MS) return hit.value;
  const value = read();
  m.set(key, { atMs: Date.now(), value });
  value.catch(() => m.delete(key));
  // Keys are per room filter: drop the stale ones now and then so the map stays small.
  if (m.size > 500) for (const [k, e] of m) if (Date.now() - e.atMs > TTL_MS) m.delete(k);
  return value;
}

export const forgetEgressLists = (project: string) => {
  for (const k of lists().keys()) if (k.startsWith(`${project}\u0000`)) lists().delete(k);
};
