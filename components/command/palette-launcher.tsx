"use client";

import { useEffect, useState } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { lazyComponent } from "@/components/ui/lazy";
import { useLoaded } from "@/components/ui/use-loaded";

const CommandPalette = lazyComponent(() =>
  import("./command-palette").then((m) => m.CommandPalette),
);

/**
 * The header's "Jump to…" button and the Ctrl-K / ⌘K shortcut. The palette itself (and cmdk)
 * loads the first time it is opened, not with every page.
 */
export function PaletteLauncher({ projects }: { projects: { name: string; role: string }[] }) {
  const [open, setOpen] = useState(false);
  const loaded = useLoaded(open);
  // Marks the button once Ctrl K is listened for (the effect below has run).
  const hydrated = useHydrated();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && !e.altKey && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setOpen((o) => !o);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-label="Jump to… (Ctrl K)"
        aria-keyshortcuts="Control+K Meta+K"
        aria-haspopup="dialog"
        data-hydrated={hydrated || undefined}
        title="Jump to a room, a page or a project (Ctrl K or ⌘K)"
        className="inline-flex h-8 items-center gap-2 whitespace-nowrap rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-600 hover:bg-slate-50 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-blue-600"
      >
        <svg aria-hidden viewBox="0 0 20 20" className="size-4" fill="none" stroke="currentColor">
          <circle cx="8.5" cy="8.5" r="5.5" strokeWidth="2" />
          <path d="m13 13 4.5 4.5" strokeWidth="2" strokeLinecap="round" />
        </svg>
        {/* In the header's row, the icon alone (the shortcut is in the tooltip): the header is
            no wider on a wide screen, and its row must hold the operator's name and Sign out. */}
        <span className="lg:hidden">Jump to…</span>
        <kbd className="rounded border border-slate-300 bg-slate-50 px-1 font-sans text-xs text-slate-600 lg:hidden">
          Ctrl K
        </kbd>
      </button>
      {loaded && <CommandPalette open={open} setOpen={setOpen} projects={projects} />}
    </>
  );
}
