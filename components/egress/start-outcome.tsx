"use client";

import { Button } from "@/components/ui/button";
import type { useStart } from "./use-start";

/** The start after it was sent: the wait (seconds, Cancel), or how it ended. */
export function StartOutcome({
  s,
  onClose,
  onRetry,
}: {
  s: ReturnType<typeof useStart>;
  onClose: () => void;
  onRetry: () => void;
}) {
  const { phase } = s;
  if (phase.phase === "waiting")
    return (
      <div className="space-y-3" data-testid="egress-waiting">
        <p role="status" className="text-sm">
          Waiting for an egress service to take the start…{" "}
          <span className="font-mono">{s.elapsed} s</span>
        </p>
        <p className="text-xs text-slate-500">
          With no egress service running, LiveKit says so after about 22 s. Cancel stops waiting; if
          a service takes the start after all, the console stops that recording at once.
        </p>
        {phase.cancelError && (
          <p
            role="alert"
            className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
          >
            {phase.cancelError}
          </p>
        )}
        <div className="flex justify-end">
          <Button variant="secondary" onClick={s.cancel} disabled={phase.cancelling}>
            {phase.cancelling ? "Cancelling…" : "Cancel"}
          </Button>
        </div>
      </div>
    );
  if (phase.phase === "started") {
    return (
      <div className="space-y-3">
        <p role="status" className="text-sm">
          Started: the recording shows in the list.
        </p>
        <div className="flex justify-end">
          <Button onClick={onClose}>Close</Button>
        </div>
      </div>
    );
  }
  return (
    <div className="space-y-3">
      {phase.phase === "failed" ? (
        <p
          role="alert"
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
        >
          {phase.message}
        </p>
      ) : (
        <p role="status" className="text-sm">
          Cancelled: the console stopped waiting. If an egress service takes the start after all,
          the console stops that recording at once.
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
        <Button onClick={onRetry}>Back to the form</Button>
      </div>
    </div>
  );
}
