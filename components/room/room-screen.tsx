"use client";

import { RelativeTime } from "@/components/ui/local-time";
import Link from "next/link";
import { useState } from "react";
import { muteTrack } from "@/app/p/[project]/rooms/[room]/actions";
import type { ParticipantView } from "@/lib/rooms/participant-view";
import { plural } from "@/lib/format";
import { Button } from "@/components/ui/button";
import { useProject } from "@/components/project-context";
import { RoomName } from "@/components/rooms/room-name";
import { ParticipantsTable } from "./participants-table";
import { RoomFacts } from "./room-facts";
import { useRoom } from "./use-room";
import { sessionHref } from "@/lib/history/href";
import { CopyButton } from "@/components/ui/copy-button";
import { lazyComponent } from "@/components/ui/lazy";
import { useLoaded } from "@/components/ui/use-loaded";
import type { Initial } from "@/lib/procedures/result";
import type { RoomDetail } from "@/lib/rooms/participants";
import { useRoomAction } from "./use-room-action";
import { DispatchesPanel } from "@/components/agents/dispatches-panel";
import { RoomRecordings } from "@/components/egress/room-recordings";
import { RoomStreams } from "@/components/ingress/room-streams";
import type { DispatchView } from "@/lib/agents/view";
import { useWatch } from "@/components/watch/watch-control";

// Dialogs (and the validation they carry) load when first opened, not with the room.
const RemoveParticipantDialog = lazyComponent(() =>
  import("./remove-participant-dialog").then((m) => m.RemoveParticipantDialog),
);
const TransferCallDialog = lazyComponent(() =>
  import("@/components/sip/transfer-dialog").then((m) => m.TransferCallDialog),
);
const EditParticipantDialog = lazyComponent(() =>
  import("./edit-participant-dialog").then((m) => m.EditParticipantDialog),
);
const RoomMetadataDialog = lazyComponent(() =>
  import("./room-metadata-dialog").then((m) => m.RoomMetadataDialog),
);
const SendDataDialog = lazyComponent(() =>
  import("./send-data-dialog").then((m) => m.SendDataDialog),
);
const DeleteRoomDialog = lazyComponent(() =>
  import("@/components/rooms/delete-room-dialog").then((m) => m.DeleteRoomDialog),
);

export function RoomScreen({
  room,
  initial,
  dispatches,
}: {
  room: string;
  initial: Initial<RoomDetail>;
  dispatches?: Initial<DispatchView[]>;
}) {
  const { project, canManage, canWatch } = useProject();
  const { query } = useRoom(project, room, initial);
  const watch = useWatch(project, room);
  const [removing, setRemoving] = useState<ParticipantView | null>(null);
  const [editing, setEditing] = useState<ParticipantView | null>(null);
  const [transferring, setTransferring] = useState<ParticipantView | null>(null);
  const transferLoaded = useLoaded(transferring !== null);
  const [dialog, setDialog] = useState<"metadata" | "data" | "delete" | null>(null);
  const removeLoaded = useLoaded(removing !== null);
  const editLoaded = useLoaded(editing !== null);
  const metadataLoaded = useLoaded(dialog === "metadata");
  const dataLoaded = useLoaded(dialog === "data");
  const deleteLoaded = useLoaded(dialog === "delete");
  const mute = useRoomAction(project, room, muteTrack, (m) =>
    m.requested === "mute"
      ? `Muted ${m.track.kind} track`
      : `Asked the participant to unmute the ${m.track.kind} track`,
  );

  const detail = query.data;
  const back = `/p/${project}/rooms`;

  return (
    <section aria-labelledby="room-heading">
      <div className="flex gap-4 text-sm text-slate-600">
        <Link href={back} className="hover:text-slate-900">
          ← All rooms
        </Link>
        <Link
          href={
            detail?.exists
              ? sessionHref(project, detail.room.sid)
              : `/p/${project}/history?${new URLSearchParams({ q: room }).toString()}`
          }
          className="hover:text-slate-900"
        >
          History of this room
        </Link>
      </div>
      <div className="mt-2 mb-4 flex flex-wrap items-end justify-between gap-4">
        <div>
          <div className="flex items-center gap-1">
            <h1 id="room-heading" className="text-2xl font-semibold tracking-tight">
              <RoomName name={room} />
            </h1>
            <CopyButton value={room} what="room name" />
          </div>
          {detail?.exists && (
            <p className="mt-1 text-sm text-slate-600">
              {plural(detail.participants.length, "participant")} ·{" "}
              {plural(
                detail.participants.reduce((n, p) => n + p.tracks.length, 0),
                "track",
              )}
              <span className="ml-2 text-xs text-emerald-700">
                live · updated <RelativeTime ms={query.dataUpdatedAt} />
              </span>
            </p>
          )}
        </div>
        {(canManage || canWatch) && detail?.exists && (
          <div className="flex gap-2">
            {canWatch && watch.button}
            {canManage && (
              <>
                <Button variant="secondary" onClick={() => setDialog("data")}>
                  Send data
                </Button>
                <Button variant="secondary" onClick={() => setDialog("metadata")}>
                  Edit metadata
                </Button>
                <Button variant="danger" onClick={() => setDialog("delete")}>
                  Delete room
                </Button>
              </>
            )}
          </div>
        )}
      </div>

      {canWatch && watch.panel}

      {detail && !detail.exists && (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
          <p className="font-medium">No room by this name is open</p>
          <p className="mt-1 text-sm text-slate-600">
            It may have closed (deleted, or emptied and timed out), or the name in the address is
            not quite right.{" "}
            <Link href={back} className="underline">
              Back to all rooms
            </Link>
          </p>
        </div>
      )}

      {detail?.exists && (
        <div className="grid gap-6 lg:grid-cols-[20rem_1fr]">
          <RoomFacts room={detail.room} />
          {/* min-w-0: a grid column may shrink below its tables' width, so they scroll in their box. */}
          <div className="min-w-0">
            <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">
              Participants
            </h2>
            <ParticipantsTable
              participants={detail.participants}
              canManage={canManage}
              pendingTrack={mute.isPending ? mute.variables?.trackSid : undefined}
              onMute={(p, t) =>
                mute.mutate({
                  project,
                  room,
                  identity: p.identity,
                  trackSid: t.sid,
                  muted: !t.muted,
                })
              }
              onEdit={setEditing}
              onRemove={setRemoving}
              onTransfer={setTransferring}
            />
            <DispatchesPanel
              project={project}
              room={room}
              canManage={canManage}
              participants={detail.participants}
              initial={dispatches}
            />
            <RoomRecordings project={project} room={room} canManage={canManage} />
            <RoomStreams project={project} room={room} canManage={canManage} />
          </div>
        </div>
      )}

      {removeLoaded && (
        <RemoveParticipantDialog
          project={project}
          room={room}
          participant={removing}
          onClose={() => setRemoving(null)}
        />
      )}
      {transferLoaded && (
        <TransferCallDialog
          project={project}
          room={room}
          participant={transferring}
          onClose={() => setTransferring(null)}
        />
      )}
      {editLoaded && (
        <EditParticipantDialog
          project={project}
          room={room}
          participant={editing}
          onClose={() => setEditing(null)}
        />
      )}
      {metadataLoaded && (
        <RoomMetadataDialog
          project={project}
          room={room}
          current={detail?.exists ? detail.room.metadata : ""}
          open={dialog === "metadata"}
          onClose={() => setDialog(null)}
        />
      )}
      {deleteLoaded && (
        <DeleteRoomDialog
          room={dialog === "delete" && detail?.exists ? detail.room : null}
          onClose={() => setDialog(null)}
        />
      )}
      {dataLoaded && (
        <SendDataDialog
          project={project}
          room={room}
          open={dialog === "data"}
          onClose={() => setDialog(null)}
        />
      )}
    </section>
  );
}
