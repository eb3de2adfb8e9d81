import Link from "next/link";
import type { Actor } from "@/lib/auth/session";
import type { LiveKitTarget } from "@/lib/config-schema";
import { ROLE_LABEL, type Role } from "@/lib/auth/roles";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { ProjectSwitcher } from "@/components/project-switcher";
import { ServerBadge } from "@/components/server-badge";
import { NavLink } from "@/components/nav-link";
import { ThemeToggle } from "@/components/theme-toggle";
import { HeaderMenu } from "@/components/header-menu";
import { AttentionBadge } from "@/components/project-status";
import { PaletteLauncher } from "@/components/command/palette-launcher";

type Props = { actor: Actor; project: string; role: Role; target: LiveKitTarget };

export function AppHeader({ actor, project, role, target }: Props) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex min-h-14 max-w-7xl flex-wrap items-center gap-x-5 px-4 sm:px-6">
        <Link
          href={`/p/${project}`}
          // Not prefetched, as the nav's links (NavLink): on every page load it ran the
          // overview's layout and page on the server (two requests) while the operator typed.
          prefetch={false}
          className="flex h-14 items-center gap-2 font-semibold tracking-tight"
        >
          <span
            aria-hidden
            className="grid size-7 place-items-center rounded-md bg-slate-900 text-xs text-white"
          >
            LK
          </span>
          {/* Spelled out where the row has room; below 1536 px eight links and the controls
              need its width, and the mark with the page title says where you are. */}
          <span className="sr-only 2xl:not-sr-only">LiveKit Admin</span>
        </Link>
        <HeaderMenu>
          <nav
            aria-label="Main"
            className="flex flex-col gap-3 text-sm text-slate-600 lg:shrink-0 lg:flex-row lg:gap-3 2xl:gap-4"
          >
            <NavLink href={`/p/${project}`} exact>
              Overview
            </NavLink>
            <NavLink href={`/p/${project}/rooms`}>Rooms</NavLink>
            <NavLink href={`/p/${project}/attention`}>
              Needs attention
              <AttentionBadge project={project} />
            </NavLink>
            <NavLink href={`/p/${project}/history`}>History</NavLink>
            <NavLink href={`/p/${project}/recordings`}>Recordings</NavLink>
            <NavLink href={`/p/${project}/streams`}>Streams</NavLink>
            <NavLink href={`/p/${project}/telephony`}>Telephony</NavLink>
            {role === "admin" && <NavLink href={`/p/${project}/audit`}>Audit</NavLink>}
          </nav>
          {/* In the row it never wraps: the server's host gives up width (cut short, whole in
              its tooltip) so "Sign out" stays on the line; a username takes at most 12rem. */}
          <div className="flex flex-wrap items-center gap-4 lg:ml-auto lg:min-w-0 lg:flex-nowrap lg:gap-3">
            <PaletteLauncher projects={actor.projects} />
            <ProjectSwitcher current={project} projects={actor.projects} />
            <ServerBadge target={target} />
            <span
              className="flex max-w-48 shrink-0 items-center gap-1 text-sm"
              data-testid="signed-in-as"
            >
              <span className="truncate font-medium" title={actor.username}>
                {actor.username}
              </span>{" "}
              <span className="shrink-0 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">
                {ROLE_LABEL[role]}
              </span>
            </span>
            <ThemeToggle />
            <SignOutButton />
          </div>
        </HeaderMenu>
      </div>
    </header>
  );
}
