import "server-only";
import { actorFor, currentActor, type Actor } from "@/lib/auth/session";
import type { Operator } from "@/lib/auth/access-config";

export { safeNext } from "@/lib/auth/safe-next";

/** Their first project's overview, or the page that says none is open to them. */
export const landingPathOf = (actor: Actor) => {
  const first = actor.projects[0];
  return first ? `/p/${first.name}` : "/no-access";
};

/** Where a visitor starts: their first project's overview, or the sign-in page. */
export async function landingPath(next?: string): Promise<string> {
  const actor = await currentActor();
  if (!actor) return `/sign-in${next ? `?next=${encodeURIComponent(next)}` : ""}`;
  return landingPathOf(actor);
}

export async function landingPathFor(op: Operator): Promise<string> {
  return landingPathOf(actorFor(op));
}
