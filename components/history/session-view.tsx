import Link from "next/link";
import type { Closure, SessionDetail, TimelineItem } from "@/lib/history/view";
import { durationBetween, formatSeconds } from "@/lib/format";
import { roomHref } from "@/lib/http/room-path";
import { RoomName } from "@/components/rooms/room-name";
import { LocalTime } from "@/components/ui/local-time";
import { EndBadge } from "@/components/history/end-badge";
import { CopyButton } from "@/components/ui/copy-button";

const KIND_MARK: Record<TimelineItem["kind"], { label: string; style: string }> = {
  room: { label: "Room", style: "bg-slate-800 text-white" },
  participant: { label: "Person", style: "bg-teal-100 text-teal-900" },
  track: { label: "Media", style: "bg-sky-100 text-sky-900" },
  egress: { label: "Recording", style: "bg-rose-100 text-rose-900" },
  ingress: { label: "Ingress", style: "bg-violet-100 text-violet-900" },
  audit: { label: "Operator", style: "bg-amber-200 text-amber-950" },
  other: { label: "Event", style: "bg-slate-100 text-slate-700" },
};

function auditLink(project: string, room: string) {
  return `/p/${project}/audit?${new URLSearchParams({ target: room }).toString()}`;
}

function ClosureText({
  closure,
  project,
  room,
  canAudit,
}: {
  closure: Closure;
  project: string;
  room: string;
  canAudit: boolean;
}) {
  switch (closure.kind) {
    case "open":
      return <>Still open.</>;
    case "operator":
      return (
        <>
          Deleted by <strong>{closure.actor}</strong> through this console
          {closure.bulk ? " (bulk delete)" : ""}, <LocalTime iso={closure.at} />.{" "}
          {canAudit ? (
            <Link href={auditLink(project, room)} className="underline">
              Audit record #{closure.auditId}
            </Link>
          ) : (
            <>Audit record #{closure.auditId}.</>
          )}
        </>
      );
    case "api":
      return closure.early ? (
        <>
          Deleted by someone else: it closed {formatSeconds(closure.early.afterSec)} after{" "}
          {closure.early.emptied ? "the last person left" : "it opened, with nobody in it"}, sooner
          than its {closure.early.emptied ? "departure" : "empty"} timeout (
          {formatSeconds(closure.early.timeoutSec)}), and this console has no record of deleting it
          (another tool, the CLI or the API).
        </>
      ) : (
        <>
          Deleted by someone else: LiveKit disconnected its participants because the room was
          deleted, and this console has no record of doing it (another tool, the CLI or the API).
        </>
      );
    case "emptied":
      return (
        <>
          Emptied, then closed by LiveKit when its empty or departure timeout ran out (nobody
          deleted it).
        </>
      );
    case "no_webhook":
      return (
        <>
          Ended without a webhook: the console noticed the room was gone at{" "}
          <LocalTime iso={closure.noticedAt} />, but LiveKit&apos;s room_finished never arrived. The
          exact end and the last events are unknown.
        </>
      );
    default:
      return <>Unknown: LiveKit said it closed, but not why.</>;
  }
}

/** One room instance: its facts, why it closed, and everything that happened in it. */
export function SessionView({
  project,
  detail,
  canAudit,
}: {
  project: string;
  detail: SessionDetail;
  canAudit: boolean;
}) {
  const { session: s, timeline, closure, truncated } = detail;
  const facts: [string, React.ReactNode][] = [
    ["Started", <LocalTime key="s" iso={s.startedAt} />],
    ["Ended", s.endedAt ? <LocalTime key="e" iso={s.endedAt} /> : "still open"],
    ["Lasted", s.endedAt ? durationBetween(s.startedAt, s.endedAt) : "—"],
    ["Most people at once", s.peak],
    ["Different people", s.total],
    [
      "Room id (sid)",
      <span key="sid">
        <code className="text-xs">{s.sid}</code>
        <CopyButton value={s.sid} what="room id" />
      </span>,
    ],
  ];
  return (
    <>
      <div className="mt-2 mb-4 flex flex-wrap items-end justify-between gap-4">
        <div>
          <div className="flex items-center gap-1">
            <h1 id="session-heading" className="text-2xl font-semibold tracking-tight">
              <RoomName name={s.name} />
            </h1>
            <CopyButton value={s.name} what="room name" />
          </div>
          <p className="mt-1 flex items-center gap-2 text-sm text-slate-600">
            <EndBadge session={s} />
          </p>
        </div>
        {!s.endedAt && (
          <Link
            href={roomHref(project, s.name)}
            className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100"
          >
            Open the live room
          </Link>
        )}
      </div>
      <dl className="mb-4 grid grid-cols-2 gap-x-6 gap-y-3 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm sm:grid-cols-3">
        {facts.map(([k, v]) => (
          <div key={k}>
            <dt className="text-slate-500">{k}</dt>
            <dd className="font-medium text-slate-900">{v}</dd>
          </div>
        ))}
      </dl>
      {closure.kind !== "open" && (
        <div
          className="mb-4 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm"
          data-testid="closure"
        >
          <h2 className="font-semibold">Why it closed</h2>
          <p className="mt-1 text-slate-700">
            <ClosureText closure={closure} project={project} room={s.name} canAudit={canAudit} />
          </p>
        </div>
      )}
      {s.seenBy !== "webhook" && (
        <p className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          {s.seenBy === "listing"
            ? "No webhook announced this room: the console found it in LiveKit's room list. What happened before that is not known."
            : "The room_started webhook never arrived: the timeline begins with the first event that did."}
        </p>
      )}
      {s.identities.length > 0 && (
        <p className="mb-4 text-sm text-slate-700">
          <span className="text-slate-500">Who joined: </span>
          {s.identities.join(", ")}
        </p>
      )}
      <h2 className="mb-2 text-lg font-semibold">Timeline</h2>
      {timeline.length === 0 ? (
        <p className="text-sm text-slate-600">No events were received for this room.</p>
      ) : (
        <ol
          className="rounded-lg border border-slate-200 bg-white text-sm shadow-sm"
          data-testid="timeline"
        >
          {timeline.map((t, i) => (
            <li
              key={i}
              data-kind={t.kind}
              className="flex flex-wrap items-baseline gap-3 border-b border-slate-100 px-4 py-2 last:border-0"
            >
              <span className="w-20 shrink-0 tabular-nums text-slate-500">
                <LocalTime iso={t.at} time />
              </span>
              <span
                className={`w-20 shrink-0 rounded px-1.5 py-0.5 text-center text-xs font-medium ${KIND_MARK[t.kind].style}`}
              >
                {KIND_MARK[t.kind].label}
              </span>
              <span className={t.warn ? "font-medium text-red-700" : "text-slate-900"}>
                {t.text}
              </span>
              {t.detail && <span className="text-slate-500">— {t.detail}</span>}
            </li>
          ))}
        </ol>
      )}
      {truncated && (
        <p className="mt-2 text-sm text-slate-600">Only the first 2,000 events are shown.</p>
      )}
    </>
  );
}
