import "server-only";
import type { SipClient } from "livekit-server-sdk";
import type { LiveKitTarget } from "@/lib/config-schema";
import { sharedChanged, sharedKey, sharedRead } from "@/lib/live/shared-copy";
import { listSip } from "@/lib/sip/service";
import type { SipLists } from "@/lib/sip/view";
import { processSingleton } from "@/lib/process-singleton";

/**
 * Trunks and rules change only when someone changes them, so tabs do not poll them: each
 * page load reads them, and every tab and instance shares one read per FRESH_MS (one in
 * flight per instance, a copy in Redis across instances). A change through the console drops
 * the copy at once; one made elsewhere (the lk CLI) shows within FRESH_MS.
 */
const FRESH_MS = 2_000;

type Held = { atMs: number; value: Promise<SipLists> };
const held = (): Map<string, Held> => processSingleton("sip-lists", () => new Map<string, Held>());

const scopeOf = (project: string, t: LiveKitTarget) =>
  `${project}\u0000${t.url}\u0000${t.apiKey}\u0000${t.apiSecret}`;

export function sipLists(project: string, target: LiveKitTarget, sip: SipClient) {
  const scope = scopeOf(project, target);
  const cache = held();
  const had = cache.get(scope);
  if (had && performance.now() - had.atMs < FRESH_MS) return had.value;
  const value = sharedRead(sharedKey("sip", scope), FRESH_MS, () => listSip(sip));
  const entry = { atMs: performance.now(), value };
  cache.set(scope, entry);
  // A failure is not kept: the next reader asks again.
  value.catch(() => cache.get(scope) === entry && cache.delete(scope));
  return value;
}

/** After a change of trunks or rules: the next read, here or on any instance, goes to LiveKit. */
export async function sipChanged(project: string, target: LiveKitTarget) {
  const scope = scopeOf(project, target);
  held().delete(scope);
  await sharedChanged(sharedKey("sip", scope));
}
