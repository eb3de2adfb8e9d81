import "server-only";
import type { AnyProcedure } from "@/lib/procedures/procedure";
import { buildRegistry } from "@/lib/procedures/build-registry";
import { ROUTES } from "@/lib/procedures/routes";
import * as agents from "@/lib/procedures/agents";
import * as attention from "@/lib/procedures/attention";
import * as audit from "@/lib/procedures/audit";
import * as egress from "@/lib/procedures/egress";
import * as history from "@/lib/procedures/history";
import * as ingress from "@/lib/procedures/ingress";
import * as overview from "@/lib/procedures/overview";
import * as participants from "@/lib/procedures/participants";
import * as rooms from "@/lib/procedures/rooms";
import * as sip from "@/lib/procedures/sip";
import * as watch from "@/lib/procedures/watch";

/**
 * Every guarded operation of the console, keyed by the name its server action is exported as.
 * Server actions ("use server" files), the GET routes under /api/p/<project>/ and the pages'
 * first reads are all made from these; tests iterate them. A name used twice (as an export or
 * as a procedure's `name`) stops the module from loading.
 */
export const procedures = buildRegistry(
  {
    "lib/procedures/rooms.ts": rooms,
    "lib/procedures/participants.ts": participants,
    "lib/procedures/attention.ts": attention,
    "lib/procedures/audit.ts": audit,
    "lib/procedures/history.ts": history,
    "lib/procedures/overview.ts": overview,
    "lib/procedures/sip.ts": sip,
    "lib/procedures/agents.ts": agents,
    "lib/procedures/egress.ts": egress,
    "lib/procedures/ingress.ts": ingress,
    "lib/procedures/watch.ts": watch,
  },
  ROUTES,
);

export const allProcedures: readonly AnyProcedure[] = Object.values(procedures);
