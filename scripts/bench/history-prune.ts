/**
 * Retention pruning against webhook ingest: single-row event INSERTs (the receiver's own
 * statement, HistoryStore.insert) at a steady rate, their ack latency measured before, during
 * and after a prune of a large backlog, in the same run. The prune runs twice over two halves of
 * the backlog: first as it was (5,000 events a statement, no rest, then the sessions in one
 * statement), then as it is now.
 */
import type { Pool } from "pg";
import { setTimeout as sleep } from "node:timers/promises";
import { HistoryStore } from "@/lib/history/store";
import { ms, pct } from "./console";

/** Starts `rate` inserts a second (never more than `max` at once) until stop() is called. */
function steadyInserts(store: HistoryStore, rate: number, max: number, tag: string) {
  const times: number[] = [];
  let late = 0;
  let stopped = false;
  let inflight = 0;
  let i = 0;
  const done = (async () => {
    const t0 = performance.now();
    while (!stopped) {
      const due = t0 + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      if (inflight >= max) {
        late += 1;
        await sleep(1);
        continue;
      }
      const n = i++;
      inflight += 1;
      const t = performance.now();
      void store
        .insert("ingest", {
          id: `EV_prune_${tag}_${n}`,
          event: "participant_joined",
          at: new Date(),
          roomSid: `RM_prune_${tag}_${n % 200}`,
          roomName: `prune-${n % 200}`,
          participantSid: `PA_prune_${tag}_${n}`,
          participantIdentity: `user-${n}`,
          numDropped: 0,
          payload: { event: "participant_joined", id: `EV_prune_${tag}_${n}` },
        })
        .then(() => times.push(performance.now() - t))
        .finally(() => (inflight -= 1));
    }
    while (inflight > 0) await sleep(5);
  })();
  return {
    /** The latencies so far, and a fresh list from now on. */
    take: () => times.splice(0),
    late: () => late,
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}

/** The prune as it was before (lib/history/store.ts at aefa409), to compare in the same run. */
async function pruneAsBefore(pool: Pool, cutoff: Date, batch = 5_000) {
  let removed = 0;
  for (;;) {
    const { rows } = await pool.query(
      `DELETE FROM webhook_events WHERE seq IN (
         SELECT seq FROM webhook_events WHERE at < $1 ORDER BY at LIMIT $2) RETURNING seq`,
      [cutoff.toISOString(), batch],
    );
    removed += rows.length;
    if (rows.length < batch) break;
  }
  await pool.query("DELETE FROM room_sessions WHERE ended_at < $1", [cutoff.toISOString()]);
  return removed;
}

const summary = (name: string, xs: number[], seconds: number) =>
  `  ${name.padEnd(44)} ${xs.length} acks in ${seconds.toFixed(0)} s, p50 ${ms(pct(xs, 50))}, p99 ${ms(pct(xs, 99))}, max ${ms(Math.max(...xs))}`;

export async function measurePrune(opts: {
  pool: Pool;
  /** Cutoffs: the old prune takes events before `oldUntil`, the new one before `newUntil`. */
  oldUntil: Date;
  newUntil: Date;
  rate: number;
  log?: (s: string) => void;
}) {
  const log = opts.log ?? console.log;
  const store = new HistoryStore(opts.pool);
  const load = steadyInserts(store, opts.rate, 50, Date.now().toString(36));
  const phase = async (name: string, work: () => Promise<unknown>) => {
    load.take();
    const t0 = performance.now();
    const out = await work();
    const s = (performance.now() - t0) / 1000;
    log(
      summary(name, load.take(), s) +
        (typeof out === "number" ? ` (${out.toLocaleString("en-US")} events pruned)` : ""),
    );
  };
  log(`Retention prune under ${opts.rate} single-row webhook INSERTs/s (same run, in this order):`);
  await phase("no prune", () => sleep(20_000));
  await phase("prune as before (5,000 a statement, no rest)", () =>
    pruneAsBefore(opts.pool, opts.oldUntil),
  );
  await phase("no prune", () => sleep(20_000));
  await phase("prune now (1,000 a statement, rests)", () => store.prune(opts.newUntil));
  await phase("no prune", () => sleep(20_000));
  await load.stop();
  if (load.late()) log(`  (${load.late()} inserts started late: 50 were in flight)`);
}
