"use client";

import { RelativeTime } from "@/components/ui/local-time";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useAttentionCount } from "@/components/project-status";
import { useSearchParams } from "next/navigation";
import type { RoomView } from "@/lib/rooms/view";
import { plural } from "@/lib/format";
import { Button, buttonClass } from "@/components/ui/button";
import { StateLink } from "@/components/ui/state-link";
import { lazyComponent } from "@/components/ui/lazy";
import { useLoaded } from "@/components/ui/use-loaded";
import { RoomsTable } from "./rooms-table";
import { sortedBy, tableStateToQuery } from "@/lib/rooms/table-state";
import { useHydrated } from "@/components/ui/use-hydrated";
import { useTypedBeforeStart } from "@/components/ui/use-typed-before-start";
import { usePrefetchRooms, useRooms } from "./use-rooms";
import type { Initial } from "@/lib/procedures/result";
import type { RoomsLive } from "@/lib/procedures/rooms";
import { fetchResult, POLL_MS } from "@/components/live/live-query";
import { useTableState } from "./use-table-state";
import { useProject } from "@/components/project-context";

import { SelectionBar } from "./selection-bar";
import { useSelection } from "./use-selection";
import { apiUrl } from "@/lib/procedures/routes";

const CreateRoomDialog = lazyComponent(() =>
  import("./create-room-dialog").then((m) => m.CreateRoomDialog),
);
const DeleteRoomDialog = lazyComponent(() =>
  import("./delete-room-dialog").then((m) => m.DeleteRoomDialog),
);
const BulkDeleteDialog = lazyComponent(() =>
  import("@/components/attention/bulk-delete-dialog").then((m) => m.BulkDeleteDialog),
);

export function RoomsView({
  initial,
  firstRows,
}: {
  initial: Initial<RoomsLive>;
  /** Rows drawn before the app runs (the server's choice for this window: firstPaintRows). */
  firstRows: number;
}) {
  const { project, canManage } = useProject();
  const { state, update, toggleSort, hrefOf } = useTableState(usePrefetchRooms(project));
  const { query, error, updatedAtMs } = useRooms(project, state, initial);
  const [deleting, setDeleting] = useState<RoomView | null>(null);
  const hydrated = useHydrated();
  const searchRef = useRef<HTMLInputElement>(null);
  useTypedBeforeStart(searchRef, state.q, (q) => update({ q, page: 1 }));

  const view = query.data ?? EMPTY_PAGE;
  const attention = useAttentionCount(project);
  const reopened = useMemo(
    () => new Map(attention?.reopened.map((r) => [r.name, r.closedAtMs])),
    [attention],
  );
  const { q, sort, dir } = state;
  const loadAll = useCallback(
    () =>
      fetchResult<{ names: string[] }>(
        apiUrl(project, "listRoomNames", {
          query: tableStateToQuery({ q, sort, dir, page: 1 }),
        }),
        new AbortController().signal,
      ).then((r) => r.names),
    [project, q, sort, dir],
  );
  const selection = useSelection(
    view.rows.map((r) => r.name),
    { count: view.matching, loadAll },
  );
  const { clear } = selection;
  // Ticks belong to one search: a new search starts a new selection.
  useEffect(() => clear(), [q, clear]);
  const [bulk, setBulk] = useState<string[] | null>(null);
  const [creating, setCreating] = useState(false);
  // "Create room" from the command palette arrives as ?create=1: open the form (while
  // rendering, React's way to follow a prop), then drop the flag from the URL.
  const askedToCreate = useSearchParams().get("create") === "1" && canManage;
  const [createAsked, setCreateAsked] = useState(false);
  if (askedToCreate !== createAsked) {
    setCreateAsked(askedToCreate);
    if (askedToCreate) setCreating(true);
  }
  useEffect(() => {
    if (!askedToCreate) return;
    const url = new URL(window.location.href);
    url.searchParams.delete("create");
    window.history.replaceState(window.history.state, "", url);
  }, [askedToCreate]);
  // Dialogs and their validation load when first opened, not with the table.
  const createLoaded = useLoaded(creating);
  const deleteLoaded = useLoaded(deleting !== null);
  const bulkLoaded = useLoaded(bulk !== null);
  const stale = error !== undefined && query.data !== undefined;

  const goToPage = (page: number) => {
    update({ page });
    document.getElementById("rooms-heading")?.scrollIntoView({ block: "start" });
  };
  /** Previous or Next: a link to that page (it works before the app runs), else disabled. */
  const pageLink = (page: number, enabled: boolean, label: string) =>
    enabled ? (
      <StateLink
        href={hrefOf({ ...state, page })}
        onFollow={() => goToPage(page)}
        className={buttonClass({ variant: "secondary", size: "sm" })}
      >
        {label}
      </StateLink>
    ) : (
      <Button variant="secondary" size="sm" disabled>
        {label}
      </Button>
    );

  return (
    <section aria-labelledby="rooms-heading">
      <div className="mb-4 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 id="rooms-heading" className="text-2xl font-semibold tracking-tight">
            Rooms
          </h1>
          <p className="mt-1 text-sm text-slate-600">
            {/* Announced when the count changes; the "updated" clock beside it is not. */}
            <span data-testid="room-count" aria-live="polite">
              {query.data
                ? state.q.trim()
                  ? `${view.matching.toLocaleString("en-US")} of ${plural(view.total, "room")}`
                  : plural(view.total, "room")
                : error
                  ? "No rooms loaded"
                  : "Loading rooms"}
            </span>
            {stale ? (
              <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-800">
                stale
              </span>
            ) : query.data ? (
              <span className="ml-2 inline-flex items-center gap-1 text-xs text-emerald-700">
                {/* A still dot: an endless pulse made the browser draw a frame 60 times a
                    second for as long as the page was open (60–120 ms of CPU a second per
                    tab, measured in Chromium), slowing every page and keystroke beside it. */}
                <span aria-hidden className="size-1.5 rounded-full bg-emerald-500" />
                live · updated <RelativeTime ms={updatedAtMs} />
              </span>
            ) : null}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor="room-search" className="sr-only">
            Search rooms by name
          </label>
          <input
            id="room-search"
            ref={searchRef}
            type="search"
            placeholder="Search by name"
            value={state.q}
            onChange={(e) => update({ q: e.target.value, page: 1 })}
            data-hydrated={hydrated || undefined}
            className="h-9 w-64 rounded-md border border-slate-300 bg-white px-3 text-sm focus:outline-2 focus:outline-blue-600"
          />
          {canManage && (
            <>
              <Button onClick={() => setCreating(true)}>Create room</Button>
              {createLoaded && <CreateRoomDialog open={creating} setOpen={setCreating} />}
            </>
          )}
        </div>
      </div>

      {view.slow && (
        <p
          role="status"
          data-slow
          className="mb-4 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
        >
          LiveKit took {formatMs(view.slow.tookMs)} to list the rooms. To spare it, the console now
          refreshes every {formatMs(view.slow.everyMs)} instead of every {LIVE_SECONDS} s.
        </p>
      )}

      {query.data && view.total === 0 ? (
        <EmptyState />
      ) : query.data && view.matching === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">
          No rooms match “{state.q}”.{" "}
          <button
            type="button"
            className="font-medium underline"
            onClick={() => update({ q: "", page: 1 })}
          >
            Clear the search
          </button>
        </p>
      ) : (
        query.data && (
          <RoomsTable
            rows={view.rows}
            firstRows={firstRows}
            selection={canManage ? selection : undefined}
            selectionBar={
              canManage ? (
                <SelectionBar selection={selection} matching={view.matching} onDelete={setBulk} />
              ) : undefined
            }
            sort={state.sort}
            dir={state.dir}
            stale={stale}
            onSort={toggleSort}
            sortHref={(key) => hrefOf(sortedBy(state, key))}
            onDelete={canManage ? setDeleting : undefined}
            reopened={reopened}
          />
        )
      )}

      {view.pageCount > 1 && (
        <nav
          aria-label="Pages"
          className="mt-3 flex items-center justify-end gap-2 text-sm text-slate-600"
        >
          <span>
            {plural(view.matching, "room")} · page {view.page} of {view.pageCount}
          </span>
          {pageLink(view.page - 1, view.page > 1, "Previous")}
          {pageLink(view.page + 1, view.page < view.pageCount, "Next")}
        </nav>
      )}

      {deleteLoaded && <DeleteRoomDialog room={deleting} onClose={() => setDeleting(null)} />}
      {bulkLoaded && (
        <BulkDeleteDialog
          project={project}
          rooms={bulk}
          onClose={() => {
            setBulk(null);
            selection.clear();
          }}
        />
      )}
    </section>
  );
}

const LIVE_SECONDS = POLL_MS / 1000;
const formatMs = (ms: number) =>
  ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;

const EMPTY_PAGE: RoomsLive = {
  rows: [],
  total: 0,
  matching: 0,
  page: 1,
  pageCount: 1,
  version: 0,
};

function EmptyState() {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
      <p className="font-medium">No rooms on this server right now</p>
      <p className="mt-1 text-sm text-slate-600">
        Use <strong>Create room</strong> to open one with its limits set, or let a participant join:
        LiveKit creates a room on the first join.
      </p>
    </div>
  );
}
