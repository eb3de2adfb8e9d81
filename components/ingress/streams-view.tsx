"use client";

import { useRouter } from "next/navigation";
import { useProject } from "@/components/project-context";
import { PageHeading } from "@/components/ui/page-heading";
import { allows } from "@/lib/auth/roles";
import type { IngressList } from "@/lib/ingress/types";
import type { ActionResult } from "@/lib/procedures/result";
import { MissingUrl } from "./missing-url";
import { StreamsManager } from "./streams-manager";

export function StreamsView({ result }: { result: ActionResult<IngressList> }) {
  const { project, role } = useProject();
  const router = useRouter();
  const canManage = allows(role, "manage");
  const missing = result.ok
    ? [...new Set(result.data.ingresses.filter((i) => i.urlMissing).map((i) => i.inputType))]
    : [];
  return (
    <section aria-labelledby="streams-heading">
      <PageHeading id="streams-heading" title="Incoming streams">
        RTMP and WHIP addresses encoders publish to, and URLs LiveKit pulls, each joining a room as
        one participant.
        {!canManage && " Only operators create them or see their stream keys."}
      </PageHeading>
      {!result.ok ? (
        <p
          role="alert"
          className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900"
        >
          {result.error.message}
        </p>
      ) : (
        <div className="space-y-4">
          {missing.map((t) => (
            <MissingUrl key={t} inputType={t} />
          ))}
          <StreamsManager
            project={project}
            ingresses={result.data.ingresses}
            canManage={canManage}
            onChanged={() => router.refresh()}
          />
          {result.data.ingresses.length === 0 && (
            <p className="text-sm text-slate-600">No stream inputs yet.</p>
          )}
        </div>
      )}
    </section>
  );
}
