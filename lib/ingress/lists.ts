import "server-only";
import type { IngressClient } from "livekit-server-sdk";
import type { LiveKitTarget } from "@/lib/config-schema";
import { freshRead } from "@/lib/live/fresh-read";
import { listIngress } from "@/lib/ingress/service";
import type { IngressView } from "@/lib/ingress/types";

/**
 * One ListIngress per 2 s for every tab and instance: the streams page and each room page's
 * Streams section read the same copy (filtered per room by the caller), so a room page open in
 * ten tabs does not ask LiveKit ten times. A change through the console drops it at once.
 */
const lists = freshRead<IngressView[]>("ingress", 2_000);

export const ingressList = (project: string, target: LiveKitTarget, ic: IngressClient) =>
  lists.read(project, target, () => listIngress(ic));

export const ingressChanged = (project: string, target: LiveKitTarget) =>
  lists.changed(project, target);
