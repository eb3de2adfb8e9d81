import type { ActionResult } from "@/lib/procedures/result";
import type { DeleteImpact } from "@/lib/rooms/view";
import { plural } from "@/lib/format";

type Props = { name: string; loading: boolean; result: ActionResult<DeleteImpact> | undefined };

/** The consequence of a delete, in numbers, read live from LiveKit. */
export function ImpactSummary({ loading, result }: Props) {
  if (loading || !result) return <p>Checking who is in the room…</p>;
  if (!result.ok) {
    return <p className="text-red-700">Could not check the room: {result.error.message}</p>;
  }
  const impact = result.data;
  if (!impact.exists)
    return <p data-impact="closed">This room is already closed. There is nothing to delete.</p>;
  const others = impact.participants - impact.sampleIdentities.length;
  return (
    <>
      {impact.participants > 0 ? (
        <p data-impact="participants" className="font-medium text-red-700">
          {plural(impact.participants, "participant")} will be disconnected immediately
          {impact.sampleIdentities.length > 0 && (
            <span className="font-normal text-slate-700">
              {": "}
              {impact.sampleIdentities.join(", ")}
              {others > 0 ? ` and ${plural(others, "other")}` : ""}
            </span>
          )}
          .
        </p>
      ) : (
        <p data-impact="empty">No one is in this room.</p>
      )}
      {impact.activeRecording && (
        <p className="font-medium text-red-700">
          A recording is active in this room and will stop.
        </p>
      )}
      <p>
        The room closes for everyone. Anyone holding a valid token can open it again by joining.
      </p>
    </>
  );
}
