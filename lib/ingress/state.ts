import "server-only";
import type { IngressEventState } from "@/lib/history/store";
import type { IngressView } from "@/lib/ingress/types";
import { STATUS_NAMED } from "@/lib/ingress/view";

/** How far back a webhook may still speak for a stream input's state. */
export const STATE_LOOKBACK_MS = 7 * 24 * 3_600_000;

/**
 * The state shown: LiveKit's stored one (ListIngress), unless a webhook about that ingress is
 * newer. livekit/ingress stores the state and LiveKit then sends the webhook, so both agree
 * when all is well; the webhook speaks when the stored state is older (a worker that stopped
 * updating it, or a state that only reached the console as a webhook). Webhooks are stamped in
 * whole seconds: a tie goes to the webhook, which says the same thing.
 */
export function withWebhookState(list: IngressView[], events: IngressEventState[]): IngressView[] {
  const byId = new Map(events.map((e) => [e.ingressId, e]));
  return list.map((i) => {
    const e = byId.get(i.id);
    if (!e) return i;
    const stored = i.state.updatedAt ? Date.parse(i.state.updatedAt) : 0;
    if (Date.parse(e.at) + 1_000 <= stored) return i;
    const status = STATUS_NAMED[e.status] ?? i.state.status;
    return {
      ...i,
      state: {
        ...i.state,
        status,
        error: e.error,
        updatedAt: e.at,
        startedAt: e.event === "ingress_started" ? e.at : i.state.startedAt,
        endedAt:
          e.event === "ingress_ended" ? e.at : status === "publishing" ? null : i.state.endedAt,
        fromWebhook: true,
      },
    };
  });
}
