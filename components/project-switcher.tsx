"use client";

import { usePathname } from "next/navigation";
import { useRef } from "react";
import { ROLE_LABEL, type Role } from "@/lib/auth/roles";
import { useClosedOnNavigation } from "@/components/ui/popover";
import { inProject } from "@/lib/http/room-path";

type Props = { current: string; projects: { name: string; role: Role }[] };

/**
 * Switches project: a button that opens the list of the operator's projects, each a link to
 * this section of the console in that project.
 *
 * Links in an HTML popover, not a select that navigates on change: a select's arrow keys
 * change its value (and so the project) at once, and it did nothing before the app's scripts
 * ran. The popover opens from the first paint; the browser closes it on Escape or a click
 * elsewhere, and the app when the page changes. Links also open in a new tab. They load a new
 * document (plain anchors): the page's Content-Security-Policy names the project's LiveKit.
 */
export function ProjectSwitcher({ current, projects }: Props) {
  const pathname = usePathname();
  const menu = useRef<HTMLDivElement>(null);
  useClosedOnNavigation(menu);
  return (
    <>
      <button
        type="button"
        popoverTarget="project-menu"
        className="project-switcher inline-flex h-8 items-center gap-2 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-600 hover:border-slate-400 focus-visible:outline-2 focus-visible:outline-blue-600"
      >
        Project <span className="font-medium text-slate-900">{current}</span>
        <span aria-hidden className="text-xs text-slate-500">
          ▾
        </span>
      </button>
      <div
        id="project-menu"
        ref={menu}
        popover="auto"
        className="project-menu min-w-48 rounded-md border border-slate-200 bg-white p-1 text-slate-900 shadow-lg"
      >
        <ul aria-label="Projects" className="flex flex-col">
          {projects.map((p) => {
            const here = p.name === current;
            return (
              <li key={p.name}>
                {/* A document load, not a client navigation: each project's pages carry their
                    own LiveKit origin in the CSP (for Watch), and a document keeps the first. */}
                <a
                  href={inProject(pathname, p.name)}
                  aria-current={here ? "true" : undefined}
                  className={`flex items-center justify-between gap-4 rounded px-3 py-2 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600 ${here ? "font-semibold" : ""}`}
                >
                  <span>
                    <span aria-hidden className="inline-block w-4 text-slate-500">
                      {here ? "✓" : ""}
                    </span>
                    {p.name}
                  </span>{" "}
                  {/* The space: read as "main Admin", not "mainAdmin". */}
                  <span className="text-xs text-slate-500">{ROLE_LABEL[p.role]}</span>
                </a>
              </li>
            );
          })}
        </ul>
      </div>
    </>
  );
}
