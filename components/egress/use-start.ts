"use client";

import { useEffect, useRef, useState } from "react";
import { cancelEgressStart, startEgress } from "@/app/p/[project]/recordings/actions";
import { fetchResult } from "@/components/live/live-query";
import type { StartEgressInput } from "@/lib/egress/schema";
import type { StartState } from "@/lib/egress/types";
import type { FieldErrors } from "@/lib/procedures/result";
import { apiUrl } from "@/lib/procedures/routes";
import { afterCancel, type Phase } from "./start-phase";
import { refreshEgress } from "./use-egress";

export type { Phase } from "./start-phase";

/** Past this, the page stops asking (LiveKit's own limit is EGRESS_START_TIMEOUT_SEC, 30 s). */
const GIVE_UP_MS = 45_000;
const POLL_MS = 1_000;

/**
 * A start and its wait. The action answers within ~1.5 s; a start LiveKit has not answered by
 * then is followed by asking the server how it ended, once a second, so the page never hangs
 * on a request and Cancel (another action) can be sent at any moment.
 */
export function useStart(project: string) {
  const [phase, setPhase] = useState<Phase>({ phase: "form" });
  const [errors, setErrors] = useState<FieldErrors>();
  const [elapsed, setElapsed] = useState(0);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  useEffect(() => {
    if (phase.phase !== "waiting") return;
    const ctl = new AbortController();
    const url = apiUrl(project, "readEgressStart", { params: { startId: String(phase.startId) } });
    const tick = setInterval(() => {
      setElapsed(Math.floor((Date.now() - phase.sinceMs) / 1000));
      if (Date.now() - phase.sinceMs > GIVE_UP_MS) {
        clearInterval(tick);
        setPhase({
          phase: "failed",
          message:
            "No answer from LiveKit after 45 s. Check the list: the start may or may not have reached an egress service.",
        });
        return;
      }
      fetchResult<StartState>(url, ctl.signal).then(
        (s) => {
          if (ctl.signal.aborted) return;
          if (s.state === "started") {
            setPhase({ phase: "started" });
            void refreshEgress(project);
          } else if (s.state === "failed") setPhase({ phase: "failed", message: s.message });
          else if (s.state === "cancelled") setPhase({ phase: "cancelled", startId: s.startId });
        },
        () => undefined, // one failed poll: the next one asks again
      );
    }, POLL_MS);
    return () => {
      clearInterval(tick);
      ctl.abort();
    };
  }, [phase, project]);

  const start = async (input: StartEgressInput & { project: string }) => {
    setPhase({ phase: "sending" });
    setErrors(undefined);
    // The browser's own clock counts the wait (the server's may differ by seconds).
    const sentAt = Date.now();
    const res = await startEgress(input).catch(() => undefined);
    if (!alive.current) return;
    if (!res) {
      setPhase({
        phase: "failed",
        message: "The console's server did not answer. Check the list before retrying.",
      });
      return;
    }
    if (!res.ok) {
      setErrors(res.error.fieldErrors);
      setPhase(
        res.error.fieldErrors ? { phase: "form" } : { phase: "failed", message: res.error.message },
      );
      return;
    }
    if (res.data.state === "pending") {
      setElapsed(Math.floor((Date.now() - sentAt) / 1000));
      setPhase({ phase: "waiting", startId: res.data.startId, sinceMs: sentAt });
    } else if (res.data.state === "started") {
      setPhase({ phase: "started" });
      void refreshEgress(project);
    }
  };

  /**
   * Asks the server to cancel; the page keeps waiting until it answers. The server stops any
   * egress a service takes after a cancel it accepted; a refused cancel changes nothing.
   */
  const cancel = () => {
    if (phase.phase !== "waiting" || phase.cancelling) return;
    const { startId } = phase;
    setPhase({ ...phase, cancelling: true, cancelError: undefined });
    void cancelEgressStart({ project, startId })
      .catch(() => undefined)
      .then((r) => {
        if (!alive.current) return;
        // A poll may have seen the end meanwhile: only a start still waited for is changed.
        setPhase((cur) =>
          cur.phase === "waiting" && cur.startId === startId ? afterCancel(cur, r) : cur,
        );
        if (r?.ok && r.data.state === "started") void refreshEgress(project);
      });
  };

  return { phase, setPhase, errors, setErrors, elapsed, start, cancel };
}
