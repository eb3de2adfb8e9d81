import "server-only";
import type { AnyProcedure } from "@/lib/procedures/procedure";
import * as attention from "@/lib/procedures/attention";
import * as audit from "@/lib/procedures/audit";
import * as history from "@/lib/procedures/history";
import * as overview from "@/lib/procedures/overview";
import * as participants from "@/lib/procedures/participants";
import * as rooms from "@/lib/procedures/rooms";

/**
 * Every guarded operation of the console, keyed by the name its server action is exported as.
 * Server actions ("use server" files), the GET routes under /api/p/<project>/ and the pages'
 * first reads are all made from these; tests iterate them.
 */
export const procedures = {
  ...rooms,
  ...participants,
  ...attention,
  ...audit,
  ...history,
  ...overview,
};

export const allProcedures: readonly AnyProcedure[] = Object.values(procedures);
