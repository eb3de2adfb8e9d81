import type { StartState } from "@/lib/egress/types";
import type { ActionResult } from "@/lib/procedures/result";

export type Waiting = {
  phase: "waiting";
  startId: number;
  sinceMs: number;
  /** A cancel was sent and the server has not answered yet: still waiting until it does. */
  cancelling?: boolean;
  /** Why the last cancel did not happen: the start goes on, and the page says so. */
  cancelError?: string;
};

export type Phase =
  | { phase: "form" }
  | { phase: "sending" }
  | Waiting
  | { phase: "failed"; message: string }
  | { phase: "cancelled"; startId: number }
  | { phase: "started" };

/**
 * The page after the server answered a cancel (undefined: it did not answer). Only the
 * server's "cancelled" says cancelled: a refused cancel (change budget, audit database down,
 * session expired) stopped nothing, so the page goes back to waiting and says why.
 */
export function afterCancel(w: Waiting, r: ActionResult<StartState> | undefined): Phase {
  const back = (why: string): Waiting => ({ ...w, cancelling: false, cancelError: why });
  if (!r)
    return back(
      "The cancel did not reach the console's server, so nothing was cancelled: the start goes on. Cancel again, or check the list.",
    );
  if (!r.ok)
    return back(
      `The cancel was refused, so nothing was cancelled: the start goes on. ${r.error.message}`,
    );
  const s = r.data;
  if (s.state === "cancelled") return { phase: "cancelled", startId: s.startId };
  if (s.state === "failed") return { phase: "failed", message: s.message };
  if (s.state === "started") return { phase: "started" };
  return { ...w, cancelling: false, cancelError: undefined };
}
