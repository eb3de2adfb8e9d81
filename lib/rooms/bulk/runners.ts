import "server-only";
import type { JobRow } from "@/lib/db/bulk-store";
import { BulkRunner, type RunDeps } from "@/lib/rooms/bulk/runner";
import { processSingleton } from "@/lib/process-singleton";

/** Runners of this instance, by job id (a finished runner is dropped). */
export function runners(): Map<string, BulkRunner> {
  return processSingleton("bulk-runners", () => new Map<string, BulkRunner>());
}

export function startRunner(job: JobRow, deps: RunDeps): BulkRunner {
  const runner = new BulkRunner(job, deps);
  runners().set(job.id, runner);
  void runner.done.finally(() => runners().delete(job.id));
  return runner;
}
