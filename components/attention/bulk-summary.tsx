import type { BulkJobView, ItemStatus } from "@/lib/rooms/bulk/types";
import { plural } from "@/lib/format";
import { Button } from "@/components/ui/button";
import { RoomName } from "@/components/rooms/room-name";

const LABEL: Record<ItemStatus, string> = {
  deleted: "deleted",
  already_closed: "already closed",
  ghost: "ghost (listed, but no node would delete it)",
  failed: "failed",
  cancelled: "not started (cancelled)",
  pending: "pending",
};

/** What happened to each room, exactly as LiveKit answered, with a retry for the rest. */
export function BulkSummary({
  view,
  onRetry,
}: {
  view: BulkJobView;
  onRetry: (names: string[]) => void;
}) {
  const retryable = view.problems
    .filter((p) => p.status === "failed" || p.status === "ghost" || p.status === "cancelled")
    .map((p) => p.name);
  const lines = (Object.keys(LABEL) as ItemStatus[]).filter((s) => view.counts[s] > 0);
  return (
    <div className="mt-4 space-y-3 text-sm" data-testid="bulk-summary">
      {view.stopped && (
        <p role="alert" className="rounded-md bg-amber-50 p-3 font-medium text-amber-900">
          Stopped: {view.stopped}. The rooms not yet started were left alone.
        </p>
      )}
      <ul className="space-y-1">
        {lines.map((s) => (
          <li key={s}>
            <span className="font-semibold tabular-nums">{view.counts[s]}</span> {LABEL[s]}
          </li>
        ))}
        {view.disconnected > 0 && <li>{plural(view.disconnected, "participant")} disconnected</li>}
      </ul>
      {view.problems.length > 0 && (
        <details
          open={view.problems.length <= 10}
          className="rounded-md border border-slate-200 p-2"
        >
          <summary className="cursor-pointer font-medium">
            Rooms not deleted by this run ({view.problems.length})
          </summary>
          <ul className="mt-2 max-h-40 space-y-1 overflow-auto font-mono text-xs">
            {view.problems.map((p) => (
              <li key={p.name}>
                <RoomName name={p.name} />: {LABEL[p.status]}
                {p.message ? ` — ${p.message}` : ""}
              </li>
            ))}
          </ul>
        </details>
      )}
      {retryable.length > 0 && (
        <Button variant="secondary" onClick={() => onRetry(retryable)}>
          Retry {plural(retryable.length, "room")}
        </Button>
      )}
    </div>
  );
}
