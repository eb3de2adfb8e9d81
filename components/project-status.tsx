"use client";

import { useLiveData } from "@/components/live/live-query";
import { roomKeys } from "@/components/live/query-keys";
import type { AttentionCount } from "@/lib/rooms/attention-count";
import { apiUrl } from "@/lib/procedures/routes";

/** Slower than the tables: a count in the nav, not something one watches. */
const EVERY_MS = 10_000;

/**
 * The shared attention summary of a project: one poll per tab, whoever reads it (the nav's
 * badge, the rooms table's "reopened" hints). Served from the shared attention scan (no
 * upstream read of its own).
 */
export function useAttentionCount(project: string) {
  return useLiveData<AttentionCount>(
    [...roomKeys.attention(project), "count"],
    apiUrl(project, "countAttention"),
    undefined,
    { intervalMs: EVERY_MS },
  ).data;
}

/**
 * The number of rooms needing attention, beside the nav link, on every page. A failure just
 * hides the badge (the page's own banner says what is wrong).
 */
export function AttentionBadge({ project }: { project: string }) {
  const data = useAttentionCount(project);
  if (!data || data.count === 0) return null;
  return (
    <span
      data-testid="attention-count"
      className="ml-1.5 rounded-full bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900"
    >
      {data.count}
      <span className="sr-only"> {data.count === 1 ? "room" : "rooms"}</span>
    </span>
  );
}

/**
 * Said on every page of the project while Redis is away (from the same poll as the badge):
 * what it means for the operator, and that nothing is lost.
 */
export function RedisNotice({ project }: { project: string }) {
  const data = useAttentionCount(project);
  if (!data?.redisDown) return null;
  return (
    <p
      role="status"
      data-redis-down
      className="mb-4 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
    >
      Redis is not answering, so this console instance reads LiveKit on its own instead of sharing
      one read with the other instances (more calls to LiveKit; sign-outs and bulk deletes are
      unaffected). Check REDIS_URL and the Redis server; this notice goes away when it answers.
    </p>
  );
}
