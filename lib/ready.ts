import "server-only";
import { database } from "@/lib/db";
import { accessConfig } from "@/lib/auth/access";
import { checkDeployment } from "@/lib/deployment";
import { redisStatus } from "@/lib/live/redis";
import { processSingleton } from "@/lib/process-singleton";

export type Check = { ok: boolean; ms?: number; error?: string };
export type Readiness = {
  ready: boolean;
  instance: string;
  mode: "embedded" | "single" | "shared";
  database: Check & { kind?: string };
  redis: Check | { ok: true; configured: false };
  /** Each project's LiveKit; reported, not counted in `ready` (see below). */
  livekit: Record<string, Check>;
  /** What is down without making the instance unready ("redis"): it serves, at a cost. */
  degraded: string[];
  notes: string[];
};

const TIMEOUT_MS = 2_000;
/** Load balancers probe every few seconds, from every balancer: answered from a 1 s memo. */
const MEMO_MS = 1_000;

async function timed(fn: () => Promise<unknown>): Promise<Check> {
  const t0 = performance.now();
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no answer in ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref(),
      ),
    ]);
    return { ok: true, ms: Math.round(performance.now() - t0) };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    return {
      ok: false,
      ms: Math.round(performance.now() - t0),
      error: err.cause?.code ?? err.cause?.message ?? err.message,
    };
  }
}

/**
 * Can this instance serve? Its database must answer: without it sessions cannot be checked.
 * Redis down is reported as `degraded`, not unready: nothing that security depends on lives
 * there (each instance then reads LiveKit itself), and with one Redis for all instances an
 * unready answer would take every instance out of the balancer at once. LiveKit's reachability is reported per project but does not
 * make an instance unready: LiveKit down is down for every instance, and taking them all out
 * of the balancer would only hide the console's own explanation from the operators.
 * LiveKit is asked for its health page (no credentials, no room list), not for rooms.
 */
async function check(instance: string): Promise<Readiness> {
  const deployment = checkDeployment(process.env);
  let kind: string | undefined;
  const [db, redis, ...projects] = await Promise.all([
    timed(async () => {
      const s = await database();
      kind = s.kind;
      await s.sql.query("SELECT 1");
    }),
    redisStatus(),
    ...accessConfig().projects.map(async (p) => {
      const c = await timed(async () => {
        const res = await fetch(`${p.target.url}/`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
        if (!res.ok) throw new Error(`LiveKit answered HTTP ${res.status}`);
        await res.body?.cancel();
      });
      return [p.name, c] as const;
    }),
  ]);
  return {
    ready: db.ok,
    degraded: redis.ok ? [] : ["redis"],
    instance,
    mode: deployment.mode,
    database: { ...db, kind },
    redis,
    livekit: Object.fromEntries(projects),
    notes: deployment.notes,
  };
}

const held = () =>
  processSingleton("ready", (): { memo?: { atMs: number; answer: Promise<Readiness> } } => ({}));

export function readiness(instance: string): Promise<Readiness> {
  const g = held();
  const memo = g.memo;
  if (memo && Date.now() - memo.atMs < MEMO_MS) return memo.answer;
  const answer = check(instance);
  g.memo = { atMs: Date.now(), answer };
  return answer;
}
