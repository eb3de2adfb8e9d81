import Link from "next/link";
import type { SessionView } from "@/lib/history/view";
import { durationBetween, plural } from "@/lib/format";
import { RoomName } from "@/components/rooms/room-name";
import { LocalTime } from "@/components/ui/local-time";
import { Table, Th } from "@/components/ui/table";
import { EndBadge } from "@/components/history/end-badge";
import { sessionHref } from "@/lib/history/href";

/** Sessions, newest first: when, how long, who, and how each ended. */
export function HistoryTable({ project, sessions }: { project: string; sessions: SessionView[] }) {
  if (sessions.length === 0)
    return (
      <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">
        No sessions match. History starts when LiveKit&apos;s first webhook arrives (or with the
        next check of the live list).
      </p>
    );
  return (
    <Table
      label="Sessions"
      head={
        <>
          <Th>Room</Th>
          <Th>Started</Th>
          <Th>Lasted</Th>
          <Th numeric>Most at once</Th>
          <Th>Who joined</Th>
          <Th>How it ended</Th>
        </>
      }
    >
      {sessions.map((s) => (
        <tr key={s.sid} data-session={s.sid} className="hover:bg-slate-50">
          <th scope="row" className="max-w-64 truncate px-3 py-2 font-medium" title={s.name}>
            <Link
              href={sessionHref(project, s.sid)}
              className="underline decoration-slate-300 underline-offset-2 hover:decoration-slate-900"
            >
              <RoomName name={s.name} />
            </Link>
          </th>
          <td className="whitespace-nowrap px-3 py-2">
            <LocalTime iso={s.startedAt} />
          </td>
          <td className="whitespace-nowrap px-3 py-2 tabular-nums">
            {s.endedAt ? durationBetween(s.startedAt, s.endedAt) : "still open"}
          </td>
          <td className="px-3 py-2 text-right tabular-nums">{s.peak}</td>
          <td className="max-w-72 truncate px-3 py-2 text-slate-700">
            {s.total === 0 ? (
              <span className="text-slate-500">nobody</span>
            ) : (
              <span title={s.identities.join(", ")}>
                {s.identities.join(", ")}
                {s.moreIdentities > 0 && ` and ${plural(s.moreIdentities, "other")}`}
              </span>
            )}
          </td>
          <td className="whitespace-nowrap px-3 py-2">
            <EndBadge session={s} />
          </td>
        </tr>
      ))}
    </Table>
  );
}
