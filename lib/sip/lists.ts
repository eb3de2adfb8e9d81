import "server-only";
import type { SipClient } from "livekit-server-sdk";
import type { LiveKitTarget } from "@/lib/config-schema";
import { freshRead } from "@/lib/live/fresh-read";
import { listSip } from "@/lib/sip/service";
import type { SipLists } from "@/lib/sip/view";

/**
 * Trunks and rules change only when someone changes them, so tabs do not poll them: each
 * page load reads them, shared by every tab and instance for 2 s (see fresh-read.ts).
 */
const lists = freshRead<SipLists>("sip", 2_000);

export const sipLists = (project: string, target: LiveKitTarget, sip: SipClient) =>
  lists.read(project, target, () => listSip(sip));

/** After a change of trunks or rules: the next read, here or on any instance, goes to LiveKit. */
export const sipChanged = (project: string, target: LiveKitTarget) =>
  lists.changed(project, target);
