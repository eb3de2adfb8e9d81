import "server-only";
import { Semaphore } from "@/lib/concurrency";
import { processSingleton } from "@/lib/process-singleton";

/** The one delete limit of a LiveKit project in this process (LIVEKIT_DELETE_CONCURRENCY). */
export function deleteSlots(project: string, limit: number): Semaphore {
  const all = processSingleton("delete-slots", () => new Map<string, Semaphore>());
  let s = all.get(project);
  if (!s) all.set(project, (s = new Semaphore(limit)));
  else s.setLimit(limit);
  return s;
}
