import type { RoomDetailView } from "@/lib/rooms/participant-view";
import { RelativeTime } from "@/components/ui/local-time";
import { formatSeconds } from "@/lib/format";
import { CopyButton } from "@/components/ui/copy-button";
import { plainCodecs, TERMS } from "@/lib/plain-words";

/** A plain label whose LiveKit term and meaning show on hover (and are read as its description). */
function Term({ label, hint }: { label: string; hint: string }) {
  return (
    <span
      title={hint}
      aria-description={hint}
      className="cursor-help underline decoration-slate-300 decoration-dotted underline-offset-2"
    >
      {label}
    </span>
  );
}

function prettyMetadata(metadata: string): { text: string; json: boolean } {
  const t = metadata.trim();
  if (t.startsWith("{") || t.startsWith("[")) {
    try {
      return { text: JSON.stringify(JSON.parse(t), null, 2), json: true };
    } catch {
      /* shown as text */
    }
  }
  return { text: metadata, json: false };
}

export function RoomFacts({ room }: { room: RoomDetailView }) {
  const meta = prettyMetadata(room.metadata);
  const facts: [React.ReactNode, React.ReactNode][] = [
    [
      "Room id",
      <span key="sid" className="font-mono text-xs">
        {room.sid}
        <CopyButton value={room.sid} what="room id" />
      </span>,
    ],
    ["Created", <RelativeTime key="c" ms={room.createdAtMs} />],
    [<Term key="e" {...TERMS.emptyTimeout} />, formatSeconds(room.emptyTimeoutSec)],
    [<Term key="d" {...TERMS.departureTimeout} />, formatSeconds(room.departureTimeoutSec)],
    ["Max participants", room.maxParticipants === 0 ? "No limit" : room.maxParticipants],
    [
      "Recording",
      room.activeRecording ? (
        <span key="r" className="font-semibold text-red-700">
          Active
        </span>
      ) : (
        "No"
      ),
    ],
    [
      <Term key="c" {...TERMS.codecs} />,
      <span key="codecs" title={room.enabledCodecs.join(", ")}>
        {plainCodecs(room.enabledCodecs) || "—"}
      </span>,
    ],
  ];
  return (
    <section
      aria-labelledby="facts-heading"
      className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
    >
      <h2
        id="facts-heading"
        className="text-sm font-semibold uppercase tracking-wide text-slate-500"
      >
        Room
      </h2>
      <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
        {facts.map(([k, v], i) => (
          <div key={i} className="contents">
            <dt className="text-slate-500">{k}</dt>
            <dd className="text-slate-900">{v}</dd>
          </div>
        ))}
      </dl>
      <h3 className="mt-4 text-sm text-slate-500">Metadata{meta.json ? " (JSON)" : ""}</h3>
      {room.metadata ? (
        <pre
          data-testid="room-metadata"
          className="mt-1 max-h-64 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs text-slate-800"
        >
          {meta.text}
        </pre>
      ) : (
        <p className="mt-1 text-sm text-slate-600">None</p>
      )}
    </section>
  );
}
