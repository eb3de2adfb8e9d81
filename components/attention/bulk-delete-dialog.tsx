"use client";

import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { useReturnFocus } from "@/components/ui/return-focus";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { withQueryClient } from "@/components/live/engine";
import { useState } from "react";
import { toast } from "@/components/ui/toast";
import {
  cancelBulkDelete,
  previewBulkDelete,
  startBulkDelete,
} from "@/app/p/[project]/attention/actions";
import type { BulkJobView } from "@/lib/rooms/bulk/types";
import { typedPhrase } from "@/lib/rooms/bulk/schema";
import { plural } from "@/lib/format";
import { Button } from "@/components/ui/button";
import { overlayClass, panelClass } from "@/components/ui/dialog";
import { roomKeys, bulkKeys } from "@/components/live/query-keys";
import { fetchResult } from "@/components/live/live-query";
import { TypedConfirm } from "@/components/ui/typed-confirm";
import { BulkSummary } from "./bulk-summary";
import { apiUrl } from "@/lib/procedures/routes";

type Props = { project: string; rooms: string[] | null; onClose: () => void };

/** Above this many rooms the preview says it takes a while (it reads within a rate budget). */
const SLOW_PREVIEW = 100;

/** Preview → typed confirmation → progress with cancel → summary with retry. */
/** Loaded when first opened, with react-query and the tab's client (withQueryClient). */
export const BulkDeleteDialog = withQueryClient(BulkDeleteDialogView);

function BulkDeleteDialogView({ project, rooms, onClose }: Props) {
  const returnFocus = useReturnFocus();
  return (
    <AlertDialog.Root open={rooms !== null} onOpenChange={(o) => !o && onClose()}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className={overlayClass} />
        <AlertDialog.Content
          className={panelClass}
          {...returnFocus}
          onEscapeKeyDown={(e) => e.preventDefault()}
        >
          {rooms && (
            <Body key={rooms.join("\n")} project={project} initialRooms={rooms} onClose={onClose} />
          )}
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}

function Body({
  project,
  initialRooms,
  onClose,
}: {
  project: string;
  initialRooms: string[];
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [rooms, setRooms] = useState(initialRooms);
  const [typed, setTyped] = useState("");
  const [jobId, setJobId] = useState<string>();
  const [error, setError] = useState<string>();

  const preview = useQuery({
    queryKey: bulkKeys.preview(project, rooms),
    queryFn: () => previewBulkDelete({ project, rooms }),
    enabled: !jobId,
    staleTime: 0,
    gcTime: 0,
  });
  const job = useQuery<BulkJobView>({
    queryKey: bulkKeys.job(project, jobId),
    queryFn: ({ signal }) =>
      fetchResult<BulkJobView>(
        apiUrl(project, "readBulkJob", { params: { jobId: jobId! } }),
        signal,
      ),
    enabled: jobId !== undefined,
    refetchInterval: (q) => (q.state.data && !q.state.data.running ? false : 500),
    refetchIntervalInBackground: true,
  });
  const start = useMutation({
    mutationFn: () => startBulkDelete({ project, rooms, typed }),
    onSuccess: (res) => (res.ok ? setJobId(res.data.id) : setError(res.error.message)),
    onError: () => setError("The console's server did not answer; nothing was started."),
  });
  const cancel = useMutation({
    mutationFn: () => cancelBulkDelete({ project, jobId: jobId! }),
    onSuccess: (res) =>
      res.ok
        ? toast.info("Stopping the bulk delete: rooms already being deleted finish, the rest stay")
        : toast.error(res.error.message),
    onError: () => toast.error("The console's server did not answer; the bulk delete goes on."),
  });

  const p = preview.data?.ok ? preview.data.data : undefined;
  // A refused preview (another still counting) can be asked again; while it is, it counts.
  const refused =
    !preview.isFetching && preview.data?.ok === false ? preview.data.error : undefined;
  const needsTyping = p !== undefined && rooms.length > p.confirmAbove;
  const phrase = typedPhrase(rooms.length);
  const view = job.data;
  const finished = view !== undefined && !view.running;

  const close = () => {
    if (finished) {
      void queryClient.invalidateQueries({ queryKey: roomKeys.all(project) });
      const { deleted, already_closed: gone } = view.counts;
      const problems = view.total - deleted - gone;
      const summary =
        `Bulk delete finished: ${plural(deleted, "room")} deleted` +
        (gone ? `, ${gone} already closed` : "") +
        (problems ? `, ${problems} not deleted (see the summary)` : "");
      if (problems) toast.error(summary);
      else toast.success(summary);
    }
    onClose();
  };
  const retry = (names: string[]) => {
    setRooms(names);
    setJobId(undefined);
    setTyped("");
    setError(undefined);
  };

  return (
    <>
      <AlertDialog.Title className="text-lg font-semibold">
        {jobId
          ? finished
            ? "Bulk delete finished"
            : "Deleting rooms…"
          : `Delete ${plural(rooms.length, "room")}?`}
      </AlertDialog.Title>
      <AlertDialog.Description asChild>
        <div className="mt-3 space-y-2 text-sm text-slate-700">
          {!jobId && !p && (
            <p role={refused ? "alert" : "status"}>
              {refused
                ? `Could not preview: ${refused.message}`
                : `Counting who is in ${rooms.length === 1 ? "this room" : `these ${rooms.length} rooms`}…` +
                  (rooms.length > SLOW_PREVIEW
                    ? " LiveKit is read a few dozen rooms a second, so this can take a minute or more."
                    : "")}
            </p>
          )}
          {!jobId && p && (
            <>
              <p
                data-testid="bulk-impact"
                className={p.participants > 0 ? "font-medium text-red-700" : ""}
              >
                {plural(p.rooms - p.missing.length, "room")} will be deleted;{" "}
                {p.participants > 0
                  ? `${plural(p.participants, "participant")} will be disconnected immediately.`
                  : "no one is in them."}
              </p>
              {p.recording.length > 0 && (
                <p className="font-medium text-red-700">
                  Recording in: {p.recording.join(", ")}. Those recordings stop.
                </p>
              )}
              {p.missing.length > 0 && <p>{plural(p.missing.length, "room")} already closed.</p>}
            </>
          )}
          {view && <Progress view={view} />}
        </div>
      </AlertDialog.Description>

      {!jobId && p && needsTyping && (
        <TypedConfirm phrase={phrase} value={typed} onChange={setTyped} />
      )}
      {error && (
        <p role="alert" className="mt-3 rounded-md bg-red-50 p-3 text-sm text-red-700">
          {error}
        </p>
      )}
      {finished && <BulkSummary view={view} onRetry={retry} />}

      <div className="mt-6 flex justify-end gap-2">
        {!jobId && (
          <>
            <AlertDialog.Cancel asChild>
              <Button variant="secondary">Cancel</Button>
            </AlertDialog.Cancel>
            {refused && (
              <Button variant="secondary" onClick={() => void preview.refetch()}>
                Preview again
              </Button>
            )}
            <Button
              variant="danger"
              disabled={!p || (needsTyping && typed !== phrase)}
              busy={start.isPending}
              onClick={() => start.mutate()}
            >
              {start.isPending ? "Starting…" : `Delete ${plural(rooms.length, "room")}`}
            </Button>
          </>
        )}
        {jobId && !finished && (
          <Button
            variant="secondary"
            busy={cancel.isPending || view?.cancelled}
            onClick={() => cancel.mutate()}
          >
            {view?.cancelled ? "Stopping…" : "Cancel the rest"}
          </Button>
        )}
        {finished && <Button onClick={close}>Close</Button>}
      </div>
    </>
  );
}

function Progress({ view }: { view: BulkJobView }) {
  const pct = view.total === 0 ? 100 : Math.round((view.done / view.total) * 100);
  return (
    <div>
      <div className="flex justify-between text-xs text-slate-600">
        <span>
          {view.done} of {view.total}
        </span>
        <span data-testid="bulk-percent">{pct} %</span>
      </div>
      <div
        role="progressbar"
        aria-label="Bulk delete progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        className="mt-1 h-2 overflow-hidden rounded-full bg-slate-200"
      >
        <div
          className={`h-full transition-[width] ${
            view.running
              ? "bg-slate-700"
              : view.problems.length === 0
                ? "bg-emerald-600"
                : "bg-amber-500"
          }`}
          style={{ width: `${pct}%` }}
        />
      </div>
    </div>
  );
}
