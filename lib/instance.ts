import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { processSingleton } from "@/lib/process-singleton";

/**
 * This console process among its peers: the owner of the bulk deletes it runs, the holder of
 * its Redis locks. Readable in the database ("host:pid:…") and unique per start.
 */
export function instanceId(): string {
  return processSingleton(
    "instance",
    () => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
  );
}
