import "server-only";
import { database } from "@/lib/db";
import type { OneAtATime } from "@/lib/procedures/procedure";

/**
 * One `name` in flight per caller and project, on every instance: a lease in the database
 * (lib/db/lease-store.ts), never process memory, which another instance or bundle would
 * not see.
 */
export function oneAtATimeFor(scope: { actor: { username: string }; project: string }): OneAtATime {
  return async (name, work, busy) =>
    (await database()).leases.hold(
      JSON.stringify([name, scope.project, scope.actor.username]),
      work,
      busy,
    );
}
