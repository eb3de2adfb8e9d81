import "server-only";
import { Semaphore } from "@/lib/concurrency";

const SLOTS = Symbol.for("livekit-admin.delete-slots");
type SlotHolder = { [SLOTS]?: Map<string, Semaphore> };

/** The one delete limit of a LiveKit project in this process (LIVEKIT_DELETE_CONCURRENCY). */
export function deleteSlots(project: string, limit: number): Semaphore {
  const all = ((globalThis as SlotHolder)[SLOTS] ??= new Map<string, Semaphore>());
  let s = all.get(project);
  if (!s) all.set(project, (s = new Semaphore(limit)));
  else s.setLimit(limit);
  return s;
}
