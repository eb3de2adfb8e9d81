import "server-only";
import { z } from "zod";
import { settings } from "@/lib/env";
import { ActionFailure } from "@/lib/procedures/failure";
import { procedure } from "@/lib/procedures/procedure";
import { removeParticipant } from "@/lib/rooms/participants";
import { roomNameSchema } from "@/lib/rooms/schema";
import { findRoom } from "@/lib/rooms/service";
import { isWatchOf, watcherIdentity } from "@/lib/watch/identity";
import { watchPermission } from "@/lib/watch/permission";
import { watchToken } from "@/lib/watch/token";

/** What the browser needs to join: never stored, never logged (the audit keeps the identity). */
export type WatchGrant = {
  url: string;
  token: string;
  identity: string;
  /** The watch ends by itself this long after it starts (WATCH_MAX_MIN). */
  maxSec: number;
};

/**
 * Watch and listen (docs/watch.md): a hidden, subscribe-only token for one room of this
 * project. Its audit row is the watch's start; `endWatch` writes its end.
 */
export const startWatch = procedure({
  name: "room.watch.start",
  // The default of WATCH_ROLE; the deployment's value decides at each call.
  permission: "administer",
  permissionNow: watchPermission,
  input: z.object({ room: roomNameSchema }),
  handler: async (i, { rs, actor, target, watches }): Promise<WatchGrant> => {
    if (!(await findRoom(rs, i.room)))
      throw new ActionFailure({
        code: "not_found",
        message: `No room named "${i.room}" is open in this project, so there is nothing to watch.`,
      });
    const identity = watcherIdentity(actor.username);
    const maxSec = settings().watchMaxSec;
    // Recorded before the token exists: the server ends it at the maximum even if the client
    // never does (pipeline/watch-maximum.ts). No record, no token.
    await watches.start(i.room, identity, maxSec);
    return { url: target.url, token: await watchToken(target, i.room, identity), identity, maxSec };
  },
  // The identity is made by the handler: the end's record names it, and this one the limit.
  audit: { target: (i) => i.room, params: () => ({ maxMin: settings().watchMaxSec / 60 }) },
  action: true,
});

const endInput = z.object({
  room: roomNameSchema,
  identity: z.string().min(1, "Identity is required").max(200, "Identity is too long"),
  reason: z.enum(["stopped", "left", "maximum", "disconnected"]).default("stopped"),
});

/**
 * The end of a watch: the browser has already left; removing the identity again makes sure no
 * hidden listener stays behind when the page could not say goodbye cleanly. A watch nobody
 * ends is ended by the server at its maximum (lib/procedures/pipeline/watch-maximum.ts).
 */
export const endWatch = procedure({
  name: "room.watch.end",
  permission: "administer",
  permissionNow: watchPermission,
  input: endInput,
  handler: async (i, { rs, actor, watches }) => {
    if (!isWatchOf(i.identity, actor.username))
      throw new ActionFailure({
        code: "invalid_input",
        message: "You can only end your own watch.",
        fieldErrors: { identity: ["Must be one of your own watches"] },
      });
    const outcome = await removeParticipant(rs, i.room, i.identity);
    await watches.end(i.identity, i.reason);
    return { ended: true, stillJoined: outcome.status === "removed" };
  },
  audit: { target: (i) => i.room, params: (i) => ({ identity: i.identity, reason: i.reason }) },
  action: true,
});
