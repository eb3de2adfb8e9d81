import "server-only";
import { database } from "@/lib/db";
import type { Watches } from "@/lib/procedures/procedure";
import type { Scope } from "@/lib/procedures/pipeline/steps";

/** The caller's watches in this project, in the database (lib/db/watch-store.ts). */
export function watchesFor({ actor, role, project }: Scope): Watches {
  const store = async () => (await database()).watches;
  return {
    start: async (room, identity, maxSec) => {
      const now = Date.now();
      await (
        await store()
      ).start({
        identity,
        project,
        room,
        actor: actor.username,
        role,
        startedAtMs: now,
        endsAtMs: now + maxSec * 1000,
      });
    },
    end: async (identity, reason) => (await store()).end(identity, reason),
  };
}
