"use client";

import { Button } from "@/components/ui/button";
import { AudioRow } from "./audio-row";
import { useWatchSession, type EndReason, type WatchedParticipant } from "./use-watch-session";
import { VideoTile } from "./video-tile";

const QUALITY: Record<string, string> = {
  excellent: "connection excellent",
  good: "connection good",
  poor: "connection poor",
  lost: "connection lost",
  unknown: "connection not yet reported",
};

function Participant({ p, context }: { p: WatchedParticipant; context: AudioContext }) {
  const videos = p.tracks.filter((t) => t.kind === "video");
  const audios = p.tracks.filter((t) => t.kind === "audio");
  return (
    <li className="space-y-2" aria-label={p.name}>
      <p className="text-sm">
        <span className="font-medium">{p.name}</span>
        <span
          className={`ml-2 text-xs ${p.quality === "poor" || p.quality === "lost" ? "text-red-700" : "text-slate-600"}`}
          data-testid="connection-quality"
        >
          {QUALITY[p.quality] ?? p.quality}
        </span>
      </p>
      {videos.length > 0 && (
        <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
          {videos.map((t) => (
            <VideoTile key={t.sid} track={t.track} name={p.name} />
          ))}
        </div>
      )}
      {audios.map((t) => (
        <AudioRow
          key={t.sid}
          track={t.track}
          name={p.name}
          publisherMuted={t.muted}
          context={context}
        />
      ))}
      {p.tracks.length === 0 && <p className="text-sm text-slate-600">Publishes nothing.</p>}
    </li>
  );
}

/** The live view: a plain banner while it runs, then each participant's media. */
export function WatchPanel(props: {
  project: string;
  room: string;
  context: AudioContext;
  onEnded: (reason: EndReason) => void;
}) {
  const { status, people, stop } = useWatchSession(props.project, props.room, props.onEnded);
  const endsAt =
    status.status === "live"
      ? new Date(status.endsAtMs).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
      : "";
  return (
    <section aria-label="Watch" className="mb-6 space-y-4">
      <div
        role="status"
        className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950"
      >
        <p>
          {status.status === "failed" ? (
            status.message
          ) : status.status === "starting" ? (
            "Joining the room as a hidden listener…"
          ) : (
            <>
              <strong>You are watching this room.</strong> Its participants are not told; this watch
              is in the audit log and ends by {endsAt} at the latest.
            </>
          )}
        </p>
        <Button variant="secondary" size="sm" onClick={stop}>
          {status.status === "failed" ? "Close" : "Stop watching"}
        </Button>
      </div>
      {status.status === "live" &&
        (people.length === 0 ? (
          <p className="text-sm text-slate-600">No one else is in the room.</p>
        ) : (
          <ul className="space-y-5">
            {people.map((p) => (
              <Participant key={p.identity} p={p} context={props.context} />
            ))}
          </ul>
        ))}
    </section>
  );
}
