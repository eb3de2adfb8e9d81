"use client";

import * as DialogPrimitive from "@radix-ui/react-dialog";
import { Command } from "cmdk";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useProject } from "@/components/project-context";
import { overlayClass } from "@/components/ui/dialog";
import { useReturnFocus } from "@/components/ui/return-focus";
import { fetchResult, POLL_MS } from "@/components/live/live-query";
import { roomHref } from "@/lib/http/room-path";
import type { RoomsLive } from "@/lib/procedures/rooms";
import { plural } from "@/lib/format";
import { apiUrl } from "@/lib/procedures/routes";

type Props = {
  open: boolean;
  setOpen: (open: boolean) => void;
  projects: { name: string; role: string }[];
};

type Entry = { id: string; label: string; hint?: string; href: string };

const ROOMS_SHOWN = 8;

/**
 * Jump to a page, a project or a room by name, or start "Create room", from anywhere: Ctrl-K.
 * Rooms come from the server's snapshot (the same read as the table: nothing goes to LiveKit).
 */
export function CommandPalette({ open, setOpen, projects }: Props) {
  const { project, role, canManage } = useProject();
  const router = useRouter();
  const returnFocus = useReturnFocus();
  const [text, setText] = useState("");
  const rooms = useRoomMatches(project, open ? text : "");

  const base = `/p/${encodeURIComponent(project)}`;
  const pages: Entry[] = [
    { id: "page-overview", label: "Overview", href: base },
    { id: "page-rooms", label: "Rooms", href: `${base}/rooms` },
    { id: "page-attention", label: "Needs attention", href: `${base}/attention` },
    { id: "page-history", label: "History", href: `${base}/history` },
    ...(role === "admin" ? [{ id: "page-audit", label: "Audit", href: `${base}/audit` }] : []),
  ];
  const actions: Entry[] = canManage
    ? [
        {
          id: "create-room",
          label: "Create room",
          hint: "opens the form",
          href: `${base}/rooms?create=1`,
        },
      ]
    : [];
  const otherProjects: Entry[] = projects
    .filter((p) => p.name !== project)
    .map((p) => ({
      id: `project-${p.name}`,
      label: `Project ${p.name}`,
      hint: p.role,
      href: `/p/${encodeURIComponent(p.name)}`,
    }));

  const words = text.trim().toLowerCase();
  const matches = (e: Entry) => !words || e.label.toLowerCase().includes(words);

  const go = (href: string) => {
    setOpen(false);
    setText("");
    router.push(href);
  };

  const group = (heading: string, entries: Entry[]) => {
    const shown = entries.filter(matches);
    if (shown.length === 0) return null;
    return (
      <Command.Group heading={heading} className={GROUP}>
        {shown.map((e) => (
          <Command.Item key={e.id} value={e.id} onSelect={() => go(e.href)} className={ITEM}>
            <span>{e.label}</span>
            {e.hint && <span className="text-xs text-slate-500">{e.hint}</span>}
          </Command.Item>
        ))}
      </Command.Group>
    );
  };

  return (
    <DialogPrimitive.Root open={open} onOpenChange={setOpen}>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className={overlayClass} />
        <DialogPrimitive.Content
          {...returnFocus}
          className="fixed left-1/2 top-[15vh] z-50 w-[min(92vw,36rem)] -translate-x-1/2 overflow-hidden rounded-lg bg-white shadow-xl focus:outline-none"
        >
          <DialogPrimitive.Title className="sr-only">Jump to</DialogPrimitive.Title>
          <DialogPrimitive.Description className="sr-only">
            Type a room name, a page or a project; Enter opens it.
          </DialogPrimitive.Description>
          {/* Our own filtering: rooms are already matched by the server. */}
          <Command shouldFilter={false} loop label="Jump to">
            <Command.Input
              value={text}
              onValueChange={setText}
              placeholder="Room name, page or project…"
              className="w-full border-b border-slate-200 px-4 py-3 text-sm outline-none"
            />
            <Command.List className="max-h-[50vh] overflow-y-auto p-2">
              <Command.Empty className="px-3 py-6 text-center text-sm text-slate-600">
                {rooms.loading ? "Looking for rooms…" : `Nothing matches “${text}”.`}
              </Command.Empty>
              {words && rooms.names.length > 0 && (
                <Command.Group
                  heading={
                    rooms.matching > rooms.names.length
                      ? `Rooms (first ${rooms.names.length} of ${rooms.matching.toLocaleString("en-US")})`
                      : "Rooms"
                  }
                  className={GROUP}
                >
                  {rooms.names.map((r) => (
                    <Command.Item
                      key={r.name}
                      value={`room-${r.name}`}
                      onSelect={() => go(roomHref(project, r.name))}
                      className={ITEM}
                    >
                      <span className="truncate">{r.name}</span>
                      <span className="shrink-0 text-xs text-slate-500">
                        {plural(r.participants, "participant")}
                      </span>
                    </Command.Item>
                  ))}
                </Command.Group>
              )}
              {group("Actions", actions)}
              {group("Pages", pages)}
              {group("Projects", otherProjects)}
            </Command.List>
          </Command>
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}

const GROUP =
  "[&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:pb-1 [&_[cmdk-group-heading]]:pt-2 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-medium [&_[cmdk-group-heading]]:text-slate-500";
const ITEM =
  "flex cursor-pointer items-center justify-between gap-3 rounded-md px-2 py-2 text-sm text-slate-800 data-[selected=true]:bg-slate-100 data-[selected=true]:text-slate-900";

/**
 * Rooms whose names contain `text`, from the server's snapshot; a short pause between keys.
 * While the palette is open the matches follow the snapshot, as the rooms table does (every
 * POLL_MS): a room made elsewhere a moment ago shows up without typing again.
 */
function useRoomMatches(project: string, text: string) {
  const [state, setState] = useState<{
    for: string;
    names: { name: string; participants: number }[];
    matching: number;
  }>({ for: "", names: [], matching: 0 });
  const q = text.trim();
  useEffect(() => {
    if (!q) return;
    const abort = new AbortController();
    const load = () =>
      void fetchResult<RoomsLive>(apiUrl(project, "listRooms", { query: { q } }), abort.signal)
        .then((r) => {
          const next = {
            for: q,
            names: r.rows
              .slice(0, ROOMS_SHOWN)
              .map((x) => ({ name: x.name, participants: x.numParticipants })),
            matching: r.matching,
          };
          // Unchanged: the same state, so the list (and the option picked with the keys) stays.
          setState((prev) => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
        })
        .catch(() => {});
    const t = setTimeout(load, 120);
    const again = setInterval(load, POLL_MS);
    return () => {
      clearTimeout(t);
      clearInterval(again);
      abort.abort();
    };
  }, [project, q]);
  const current = state.for === q;
  return {
    names: current ? state.names : [],
    matching: current ? state.matching : 0,
    loading: q !== "" && !current,
  };
}
