import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { read } from "@/lib/procedures/pipeline/run";
import { procedures } from "@/lib/procedures/registry";
import { SessionView } from "@/components/history/session-view";
import { currentActor, roleOf } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Session" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ project: string; sid: string }> };

export default async function SessionPage({ params }: Props) {
  const { project, sid } = await params;
  const result = await read(procedures.readSession, project, { sid });
  if (!result.ok && result.error.code === "forbidden") notFound();
  // The audit trail is for admins: others see who deleted the room, without the link.
  const actor = await currentActor();
  const canAudit = actor ? roleOf(actor, project) === "admin" : false;
  return (
    <section aria-labelledby="session-heading">
      <Link href={`/p/${project}/history`} className="text-sm text-slate-600 hover:text-slate-900">
        ← History
      </Link>
      {result.ok ? (
        <SessionView project={project} detail={result.data} canAudit={canAudit} />
      ) : (
        <>
          <h1 id="session-heading" className="mt-2 text-2xl font-semibold tracking-tight">
            Session not found
          </h1>
          <p role="alert" className="mt-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
            {result.error.message}
          </p>
        </>
      )}
    </section>
  );
}
