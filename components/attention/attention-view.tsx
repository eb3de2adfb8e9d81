"use client";

import { roomHref } from "@/lib/http/room-path";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useRef, useState } from "react";
import type { Initial } from "@/lib/procedures/result";
import {
  orderAttention,
  reasonText,
  type AttentionRoom,
  type ReasonCode,
} from "@/lib/rooms/attention";
import { plural, timeAgo } from "@/lib/format";
import { useHydrated } from "@/components/ui/use-hydrated";
import { useTypedBeforeStart } from "@/components/ui/use-typed-before-start";
import { useProject } from "@/components/project-context";
import { useNow } from "@/components/rooms/use-now";
import { roomKeys } from "@/components/live/query-keys";
import { useLiveQuery } from "@/components/live/live-query";
import { lazyComponent } from "@/components/ui/lazy";
import { useLoaded } from "@/components/ui/use-loaded";
import { RoomName } from "@/components/rooms/room-name";
import { SelectCell, SelectionBar } from "@/components/rooms/selection-bar";
import { useSelection } from "@/components/rooms/use-selection";
import { Table, Th } from "@/components/ui/table";
import { apiUrl } from "@/lib/procedures/routes";
import type { StuckEgress } from "@/lib/egress/stuck";
import { StuckEgressList } from "@/components/egress/stuck-egress-list";

export type AttentionData = {
  rooms: AttentionRoom[];
  /** Recordings that look stuck (lib/egress/stuck.ts). */
  egress?: StuckEgress[];
  scanned: number;
  confirmAbove: number;
  /** Participant lists read in the last scan, and how many still wait for the read budget. */
  participantReads: number;
  waiting: number;
};

const BulkDeleteDialog = lazyComponent(() =>
  import("./bulk-delete-dialog").then((m) => m.BulkDeleteDialog),
);

const REASONS: { code: ReasonCode | ""; label: string }[] = [
  { code: "", label: "All reasons" },
  { code: "empty_past_timeout", label: "Empty past timeout" },
  { code: "only_non_human", label: "Only non-human participants" },
  { code: "agent_not_joined", label: "Agent dispatched, never joined" },
  { code: "no_publisher", label: "No publisher" },
  { code: "too_old", label: "Too old" },
  { code: "ghost", label: "Ghost rooms" },
  { code: "recreated", label: "Recreated right after closing" },
  { code: "alone", label: "One person alone" },
  { code: "never_joined", label: "Nobody ever joined" },
];

export function AttentionView({ initial }: { initial: Initial<AttentionData> }) {
  const { project, canManage } = useProject();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const reason = (params.get("reason") ?? "") as ReasonCode | "";
  const [q, setQ] = useState(params.get("q") ?? "");
  const now = useNow(1_000, initial.fetchedAtMs);
  const hydrated = useHydrated();
  const [deleting, setDeleting] = useState<string[] | null>(null);
  const deleteLoaded = useLoaded(deleting !== null);

  const setUrl = (patch: { reason?: string; q?: string }) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    const query = next.toString();
    router.replace(`${pathname}${query ? `?${query}` : ""}`, { scroll: false });
  };
  // Typed or chosen before the page's scripts ran: both fields go into the URL together.
  const searchRef = useRef<HTMLInputElement>(null);
  const reasonRef = useRef<HTMLSelectElement>(null);
  const fieldsAsTyped = () => ({
    q: searchRef.current?.value ?? q,
    reason: reasonRef.current?.value ?? reason,
  });
  useTypedBeforeStart(searchRef, q, (typed) => {
    setQ(typed);
    setUrl(fieldsAsTyped());
  });
  useTypedBeforeStart(reasonRef, reason, () => setUrl(fieldsAsTyped()));

  const { query, error } = useLiveQuery(
    roomKeys.attention(project),
    apiUrl(project, "listAttention"),
    initial,
    { subject: "stuck rooms", intervalMs: 5_000 },
  );
  const matching = useMemo(
    () => orderAttention(query.data?.rooms ?? [], q, reason),
    [query.data, q, reason],
  );
  const names = useMemo(() => matching.map((r) => r.name), [matching]);
  const selection = useSelection(names);

  return (
    <section aria-labelledby="attention-heading">
      <div className="mb-4 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 id="attention-heading" className="text-2xl font-semibold tracking-tight">
            Needs attention
          </h1>
          <p className="mt-1 text-sm text-slate-600" data-testid="attention-count">
            {/* Announced when the rooms found change, not every time the clock ticks. */}
            <span aria-live="polite">
              {query.data
                ? `${matching.length === query.data.rooms.length ? "" : `${matching.length.toLocaleString("en-US")} shown of `}${plural(query.data.rooms.length, "room")} of ${query.data.scanned.toLocaleString("en-US")} look stuck`
                : error
                  ? "Could not check the rooms (see above)."
                  : "Checking rooms…"}
            </span>
            {query.data && ` · checked ${timeAgo(query.dataUpdatedAt, now)}`}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor="attention-search" className="sr-only">
            Search stuck rooms by name
          </label>
          <input
            id="attention-search"
            ref={searchRef}
            type="search"
            placeholder="Search by name"
            value={q}
            onChange={(e) => {
              setQ(e.target.value);
              setUrl({ q: e.target.value });
            }}
            data-hydrated={hydrated || undefined}
            className="h-9 w-56 rounded-md border border-slate-300 bg-white px-3 text-sm focus:outline-2 focus:outline-blue-600"
          />
          <label htmlFor="reason" className="sr-only">
            Reason
          </label>
          <select
            id="reason"
            ref={reasonRef}
            value={reason}
            onChange={(e) => setUrl({ reason: e.target.value })}
            className="h-9 rounded-md border border-slate-300 bg-white px-2 text-sm"
          >
            {REASONS.map((r) => (
              <option key={r.code} value={r.code}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <StuckEgressList project={project} items={query.data?.egress ?? []} now={now} />
      {query.data && matching.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
          {query.data.rooms.length === 0 ? (
            <>
              <p className="font-medium">
                {query.data.egress?.length ? "No room looks stuck" : "Nothing looks stuck"}
              </p>
              <p className="mt-1 text-sm text-slate-600">
                {query.data.scanned === 0
                  ? "There are no rooms."
                  : query.data.scanned === 1
                    ? "The one room looks healthy."
                    : `All ${plural(query.data.scanned, "room")} look healthy.`}{" "}
                This page checks again every 5 seconds.
              </p>
            </>
          ) : (
            <p className="font-medium">No stuck room matches this search or reason.</p>
          )}
        </div>
      ) : (
        query.data && (
          <Table
            label="Rooms that need attention"
            bar={
              canManage && (
                <SelectionBar
                  selection={selection}
                  matching={matching.length}
                  onDelete={setDeleting}
                />
              )
            }
            head={
              <>
                {canManage && <Th className="w-8 px-2" srLabel="Select" />}
                <Th>Room</Th>
                <Th numeric>Participants</Th>
                <Th>Age</Th>
                <Th>Why</Th>
              </>
            }
          >
            {matching.map((r) => (
              <tr key={r.name} data-room={r.name}>
                {canManage && (
                  <SelectCell
                    checked={selection.isSelected(r.name)}
                    onToggle={selection.toggle}
                    name={r.name}
                  />
                )}
                <th scope="row" className="px-3 py-2 font-medium">
                  <Link
                    href={roomHref(project, r.name)}
                    prefetch={false}
                    className="underline decoration-slate-300 underline-offset-2 hover:decoration-slate-900"
                  >
                    <RoomName name={r.name} />
                  </Link>
                  {r.activeRecording && (
                    <span className="ml-2 rounded-full bg-red-100 px-2 py-0.5 text-xs text-red-700">
                      Recording
                    </span>
                  )}
                </th>
                <td className="px-3 py-2 text-right tabular-nums">{r.participants}</td>
                <td
                  className="whitespace-nowrap px-3 py-2"
                  title={new Date(r.createdAtMs).toString()}
                  suppressHydrationWarning
                >
                  {timeAgo(r.createdAtMs, now)}
                </td>
                <td className="px-3 py-2" suppressHydrationWarning>
                  <ul className="space-y-1">
                    {r.reasons.map((x) => (
                      <li key={x.code}>{reasonText(x, r, now)}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </Table>
        )
      )}
      {deleteLoaded && (
        <BulkDeleteDialog
          project={project}
          rooms={deleting}
          onClose={() => {
            setDeleting(null);
            selection.clear();
          }}
        />
      )}
    </section>
  );
}
