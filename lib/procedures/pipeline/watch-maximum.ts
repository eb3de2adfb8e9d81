import "server-only";
import { database } from "@/lib/db";
import { accessConfig } from "@/lib/auth/access";
import { settings } from "@/lib/env";
import { roomService } from "@/lib/livekit/client";
import { log } from "@/lib/logger";
import { recorderFor } from "@/lib/procedures/pipeline/audit";
import { removeParticipant } from "@/lib/rooms/participants";

/**
 * How long past its maximum a watch may run before the server ends it: the page's own timer
 * (started once joined, a moment after the token) ends it first and says why.
 */
export const MAXIMUM_GRACE_MS = 10_000;

/**
 * Ends every watch past its maximum, whatever its client does: removes the identity from its
 * room (a client holding the token is otherwise refreshed by LiveKit for as long as it stays)
 * and records `room.watch.end` with reason "maximum" in the watcher's name. Run by every
 * instance's upkeep loop; the database says which watches are due and records each end once.
 * A removal LiveKit refuses is tried again next round.
 */
export async function endOverdueWatches(nowMs = Date.now()): Promise<number> {
  const db = await database();
  const projects = new Map(accessConfig().projects.map((p) => [p.name, p.target]));
  let ended = 0;
  for (const w of await db.watches.overdue(nowMs - MAXIMUM_GRACE_MS)) {
    const target = projects.get(w.project);
    try {
      // A project no longer configured has no LiveKit to ask: its watch is over for the console.
      if (target) await removeParticipant(roomService(target), w.room, w.identity);
    } catch (e) {
      log("warn", "overdue watch not removed", { project: w.project, identity: w.identity }, e);
      continue;
    }
    if (!(await db.watches.end(w.identity, "maximum", nowMs))) continue;
    ended++;
    await recorderFor({
      actor: { username: w.actor, projects: [] },
      role: w.role,
      project: w.project,
    }).note({
      action: "room.watch.end",
      target: w.room,
      params: { identity: w.identity, reason: "maximum", by: "server" },
      outcome: "ok",
    });
  }
  return ended;
}

let lastPrune = 0;

/** The upkeep loop's round for watches: overdue ones ended, old rows forgotten hourly. */
export async function watchUpkeep(): Promise<void> {
  await endOverdueWatches();
  if (Date.now() - lastPrune > 3_600_000) {
    lastPrune = Date.now();
    const cutoff = new Date(Date.now() - settings().historyRetentionDays * 86_400_000);
    await (await database()).watches.prune(cutoff);
  }
}
