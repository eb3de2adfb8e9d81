import type { ReactNode } from "react";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { accessConfig } from "@/lib/auth/access";
import { allows } from "@/lib/auth/roles";
import { currentActor, roleOf } from "@/lib/auth/session";
import { AppHeader } from "@/components/app-header";
import { FocusOnNavigate } from "@/components/focus-on-navigate";
import { RedisNotice } from "@/components/project-status";
import { ProjectProvider } from "@/components/project-context";
import { mayWatch } from "@/lib/watch/permission";
import { ConnectionBanner, LiveStatusProvider } from "@/components/live/live-status";

export const dynamic = "force-dynamic";

/**
 * Signed-in operators with a role in this project only. This shapes the page; the data reads
 * and actions below check the same things again, since they are reachable on their own.
 */
export default async function ProjectLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ project: string }>;
}) {
  const { project } = await params;
  const actor = await currentActor();
  if (!actor) {
    // The whole page asked for, query included (set by the console's server), so sign-in comes back to it.
    const asked = (await headers()).get("x-lka-path") ?? `/p/${project}/rooms`;
    redirect(`/sign-in?next=${encodeURIComponent(asked)}`);
  }
  const role = roleOf(actor, project);
  if (!role) notFound();
  // Read once: a project removed since roleOf read the configuration is simply not found.
  const target = accessConfig().projects.find((p) => p.name === project)?.target;
  if (!target) notFound();
  return (
    <ProjectProvider
      value={{ project, role, canManage: allows(role, "manage"), canWatch: mayWatch(role) }}
    >
      <LiveStatusProvider>
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-3 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:shadow"
        >
          Skip to content
        </a>
        <AppHeader actor={actor} project={project} role={role} target={target} />
        <main
          id="main"
          tabIndex={-1}
          className="mx-auto max-w-7xl px-4 py-6 sm:px-6 sm:py-8 outline-none"
        >
          <ConnectionBanner />
          <RedisNotice project={project} />
          <FocusOnNavigate />
          {children}
        </main>
      </LiveStatusProvider>
    </ProjectProvider>
  );
}
