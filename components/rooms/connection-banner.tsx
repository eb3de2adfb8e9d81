import type { AppError } from "@/lib/procedures/result";
import { timeAgo } from "@/lib/format";

const TITLES: Partial<Record<AppError["code"], string>> = {
  unreachable: "LiveKit is unreachable",
  timeout: "LiveKit is not answering in time",
  unauthorized: "LiveKit refused the API key",
  config: "The console is misconfigured",
};

type Props = { error: AppError; lastUpdatedMs: number | undefined; nowMs: number };

/** Says which failure it is and what to do; the table below keeps its last rows. */
export function ConnectionBanner({ error, lastUpdatedMs, nowMs }: Props) {
  return (
    <div
      role="alert"
      data-banner={error.code}
      className="mb-4 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950"
    >
      <p className="font-semibold">{TITLES[error.code] ?? "Could not load rooms"}</p>
      <p className="mt-1">{error.message}</p>
      <p className="mt-1 text-amber-800">
        {lastUpdatedMs
          ? `Showing the rooms as they were ${timeAgo(lastUpdatedMs, nowMs)}. `
          : "No rooms could be loaded yet. "}
        Retrying every 2 seconds.
      </p>
    </div>
  );
}
