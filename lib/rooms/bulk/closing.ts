import "server-only";
import type { Closing } from "@/lib/procedures/procedure";
import type { BulkJobView } from "@/lib/rooms/bulk/types";

/** The job's own record ends with what really happened, not with "started". */
export function closingOf(v: BulkJobView): Closing {
  const disconnected = v.disconnected;
  if (v.counts.deleted + v.counts.already_closed === v.total)
    return { outcome: "ok", disconnected };
  const errorCode = v.stopped ? "permission_withdrawn" : v.cancelled ? "cancelled" : "partial";
  return { outcome: "failed", errorCode, disconnected };
}
