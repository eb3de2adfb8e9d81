import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";

const KEY = Symbol.for("livekit-admin.instance");
type Holder = { [KEY]?: string };

/**
 * This console process among its peers: the owner of the bulk deletes it runs, the holder of
 * its Redis locks. Readable in the database ("host:pid:…") and unique per start.
 */
export function instanceId(): string {
  return ((globalThis as Holder)[KEY] ??=
    `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`);
}
