"use client";

import { RelativeTime } from "@/components/ui/local-time";
import { roomHref } from "@/lib/http/room-path";
import { sessionHref } from "@/lib/history/href";
import type { RoomView } from "@/lib/rooms/view";
import { formatSeconds } from "@/lib/format";
import { useTimeAgo } from "@/components/ui/clock";
import { plainMetadata, TERMS } from "@/lib/plain-words";
import { RoomName } from "@/components/rooms/room-name";
import { useClientLinks } from "@/components/ui/client-links";
import { useProject } from "@/components/project-context";
import { recordingsHref } from "@/lib/egress/href";
import type { SortDir, SortKey } from "@/lib/rooms/table-state";
import type { Selection } from "./use-selection";
import { SelectCell } from "./selection-bar";
import {
  memo,
  startTransition,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type ReactNode,
} from "react";
import { Table, Th } from "@/components/ui/table";
import { useHydrated } from "@/components/ui/use-hydrated";
import { StateLink } from "@/components/ui/state-link";

type Column = { key: SortKey; label: string; numeric?: boolean; hint?: string };

const COLUMNS: Column[] = [
  { key: "name", label: "Name" },
  { key: "participants", label: "Participants", numeric: true },
  { key: "publishers", ...TERMS.publishers, numeric: true },
  { key: "age", label: "Age" },
  { key: "emptyTimeout", ...TERMS.emptyTimeout, numeric: true },
  { key: "departureTimeout", ...TERMS.departureTimeout, numeric: true },
  { key: "maxParticipants", label: "Max participants", numeric: true },
  { key: "metadata", ...TERMS.metadata },
  { key: "recording", label: "Recording" },
];

type Props = {
  rows: RoomView[];
  /** Rows drawn on the server and during hydration; every row once React runs. */
  firstRows: number;
  sort: SortKey;
  dir: SortDir;
  stale: boolean;
  onSort: (key: SortKey) => void;
  /** The page sorted by a column, as a link: works before the app runs and in a new tab. */
  sortHref: (key: SortKey) => string;
  /** Absent for viewers: no delete control at all. */
  onDelete?: (room: RoomView) => void;
  /** Ticks for bulk delete (operators), and the bar above the table that acts on them. */
  selection?: Selection;
  selectionBar?: ReactNode;
  /** Rooms open again soon after a room of their name closed: when it closed. */
  reopened?: ReadonlyMap<string, number>;
};

export function RoomsTable({
  rows,
  firstRows,
  sort,
  dir,
  stale,
  onSort,
  sortHref,
  onDelete,
  selection,
  selectionBar,
  reopened,
}: Props) {
  const onLinkClick = useClientLinks();
  const shown = useAllRows() ? rows : rows.slice(0, firstRows);
  return (
    <Table
      bodyClassName="rooms-rows"
      onLinkClick={onLinkClick}
      label="Rooms"
      dense
      stale={stale}
      bar={selectionBar}
      head={
        <>
          {selection && <Th className="w-8" srLabel="Select" />}
          {COLUMNS.map((c) => (
            <Th
              key={c.key}
              numeric={c.numeric}
              aria-sort={sort === c.key ? (dir === "asc" ? "ascending" : "descending") : undefined}
            >
              <StateLink
                href={sortHref(c.key)}
                onFollow={() => onSort(c.key)}
                title={c.hint}
                className="inline-flex items-center gap-1 uppercase hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-blue-600"
              >
                {c.label}
                <span aria-hidden className="w-3 text-slate-400">
                  {sort === c.key ? (dir === "asc" ? "▲" : "▼") : ""}
                </span>
              </StateLink>
            </Th>
          ))}
          <Th srLabel="Actions" />
        </>
      }
    >
      {shown.map((r, i) => (
        <RoomRow
          // By position: a search or page that shows other rooms updates the rows in place
          // instead of building 100 new ones (several times cheaper); RoomRow keeps focus
          // from passing to another room.
          key={i}
          room={r}
          onDelete={onDelete}
          reopenedAtMs={reopened?.get(r.name)}
          selected={selection?.isSelected(r.name)}
          onToggle={selection?.toggle}
        />
      ))}
    </Table>
  );
}

/**
 * Whether every row is drawn, or only the first screen's (`firstRows`, what the server's HTML
 * holds and hydration keeps). The rest are mounted after hydration in a transition: React
 * renders it in slices of ~5 ms, so the browser paints and answers a click between them.
 * Mounted in the render that follows hydration (useHydrated's: a sync update), the other ~86
 * rows were one task of 80-160 ms on a busy 2-core machine, in which the browser could neither
 * paint nor answer a click. A table mounted in the browser (the app already running) draws
 * every row at once.
 */
function useAllRows(): boolean {
  const [all, setAll] = useState(useHydrated());
  useEffect(() => {
    if (!all) startTransition(() => setAll(true));
  }, [all]);
  return all;
}

/**
 * One row, memoised: a keystroke re-renders the view around the table, and rows whose room
 * and tick are unchanged are skipped (at 100 rows that is most of a keystroke's work). Its
 * "3 min ago" follows the page's clock by itself, so the clock never redraws a whole row.
 */
const RoomRow = memo(function RoomRow({
  room: r,
  onDelete,
  selected,
  onToggle,
  reopenedAtMs,
}: {
  room: RoomView;
  reopenedAtMs?: number;
  onDelete?: (r: RoomView) => void;
  selected?: boolean;
  onToggle?: (name: string) => void;
}) {
  const { project } = useProject();
  const row = useRef<HTMLTableRowElement>(null);
  // This row now shows another room: focus on one of its controls (reached before the table
  // refreshed) must not act on that room. It goes to the table itself.
  useLayoutEffect(() => {
    const focused = document.activeElement;
    if (focused && focused !== row.current && row.current?.contains(focused))
      row.current.closest<HTMLElement>("[role=region]")?.focus();
  }, [r.sid, r.name]);
  return (
    <tr ref={row} data-room={r.name} className="hover:bg-slate-50">
      {onToggle && <SelectCell checked={selected ?? false} onToggle={onToggle} name={r.name} />}
      <th scope="row" className="max-w-72 font-medium text-slate-900" title={r.name}>
        <div className="flex min-w-0 items-center">
          {/* Plain links, navigated by the table's one handler (useClientLinks), never
              prefetched: 100 rows would prefetch 100 room pages on every keystroke. */}
          <a
            href={roomHref(project, r.name)}
            className="truncate underline decoration-slate-300 underline-offset-2 hover:decoration-slate-900"
          >
            <RoomName name={r.name} />
          </a>
          {reopenedAtMs !== undefined && <ReopenedChip closedAtMs={reopenedAtMs} />}
        </div>
      </th>
      <td className="num">{r.numParticipants}</td>
      <td className="num">{r.numPublishers}</td>
      <td className="whitespace-nowrap">
        <RelativeTime ms={r.createdAtMs} />
      </td>
      <td className="num">{formatSeconds(r.emptyTimeoutSec)}</td>
      <td className="num">{formatSeconds(r.departureTimeoutSec)}</td>
      <td className="num">{r.maxParticipants === 0 ? "No limit" : r.maxParticipants}</td>
      <td className="max-w-48 truncate text-xs text-slate-600" title={r.metadata}>
        {r.metadata ? plainMetadata(r.metadata) : <span className="none">—</span>}
      </td>
      <td>
        {r.activeRecording ? (
          <a
            href={recordingsHref(project, r.name)}
            aria-label={`Recordings of room ${r.name}`}
            className="inline-flex items-center gap-1 rounded-full bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-700 hover:underline"
          >
            <span aria-hidden className="size-1.5 rounded-full bg-red-600" /> Recording
          </a>
        ) : (
          <span className="none">—</span>
        )}
      </td>
      <td className="whitespace-nowrap text-right">
        <a
          href={sessionHref(project, r.sid)}
          aria-label={`History of room ${r.name}`}
          className="row-action mr-1"
        >
          History
        </a>
        {onDelete && (
          <button
            type="button"
            onClick={() => onDelete(r)}
            aria-label={`Delete room ${r.name}`}
            className="row-delete"
          >
            Delete
          </button>
        )}
      </td>
    </tr>
  );
});

/** A room of this name closed shortly before this one opened (its title says when). */
function ReopenedChip({ closedAtMs }: { closedAtMs: number }) {
  return (
    <span
      data-testid="reopened"
      title={`A room of this name closed ${useTimeAgo(closedAtMs)}, shortly before this one opened. LiveKit creates a room again when someone joins it with a valid token: its participants probably rejoined.`}
      className="ml-2 shrink-0 rounded bg-sky-100 px-1.5 py-0.5 text-xs font-normal text-sky-900"
    >
      reopened
      <span className="sr-only">
        : LiveKit creates a room again when someone joins it with a valid token
      </span>
    </span>
  );
}
