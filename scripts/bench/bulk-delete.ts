/**
 * Bulk-delete benchmark: the console's preview (room list, live counts) and engine (job's and
 * each room's audit records, durable job rows, fresh room list per batch, participant counts,
 * ghost check) against a plain concurrent loop over the SDK, both at the same concurrency,
 * on a real livekit-server on loopback, in one run. Prints both times and the ratio.
 *   npm run bench:bulk-delete [-- --rooms 1000 --concurrency 8 --rounds 7 --database pglite|pg]
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { RoomServiceClient } from "livekit-server-sdk";
import { auditStore, closeAuditStore } from "@/lib/audit";
import { recorderFor } from "@/lib/procedures/pipeline/audit";
import type { Recorder } from "@/lib/procedures/procedure";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { pgSchema } from "../../tests/support/pg-schema";
import { BulkRunner, previewBulk } from "@/lib/rooms/bulk";
import { toRoomView } from "@/lib/rooms/view";
import { Semaphore, forEachLimited } from "@/lib/concurrency";
import { startLiveKit } from "../../tests/support/livekit";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROOMS = arg("rooms", 1000);
const CONCURRENCY = arg("concurrency", 8);
const ROUNDS = arg("rounds", 7);
const PORT = 7940;
const DATABASE = process.argv.includes("--database")
  ? process.argv[process.argv.indexOf("--database") + 1]
  : "pglite";

async function createRooms(rs: RoomServiceClient, prefix: string): Promise<string[]> {
  const names = Array.from({ length: ROOMS }, (_, i) => `${prefix}-${i}`);
  await forEachLimited(names, 32, async (name) => {
    await rs.createRoom({ name });
  });
  return names;
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * What the console does for a bulk delete: the preview the dialog asks for (the project's room
 * list, read fresh as when nobody was watching, and a live count of each room's participants),
 * the job's own audit record, the job rows, and the engine to the end.
 */
async function consoleBulkDelete(rs: RoomServiceClient, names: string[], audit: Recorder) {
  const snapshot = (await rs.listRooms()).map((r) => toRoomView(r));
  const preview = await previewBulk(rs, snapshot, names, {
    concurrency: CONCURRENCY,
    confirmAbove: 10,
  });
  if (preview.rooms !== ROOMS || preview.missing.length > 0)
    throw new Error(`preview: ${JSON.stringify(preview).slice(0, 200)}`);
  const store = (await auditStore()).bulk;
  const auditId = await audit.begin("bulk.delete", `${names.length} rooms`, {
    count: names.length,
  });
  const row = {
    id: randomUUID(),
    project: "bench",
    actor: "bench",
    role: "admin",
    total: names.length,
    auditId,
    owner: "bench",
    takeovers: 0,
  };
  await store.create(row, names);
  const job = new BulkRunner(row, {
    rs,
    store,
    owner: "bench",
    concurrency: CONCURRENCY,
    describe: (e) => String(e),
    stillAllowed: () => true,
    slots: new Semaphore(CONCURRENCY),
    audit,
    onGhost: () => {},
  });
  await job.done;
  const v = (await store.view(row.id))!;
  if (v.counts.deleted !== ROOMS) throw new Error(`only ${v.counts.deleted} of ${ROOMS} deleted`);
}

async function main() {
  const server = await startLiveKit({ port: PORT });
  // The embedded database (PGlite, in this process) by default; `--database pg`: a schema of
  // its own in the machine's PostgreSQL, as several instances use.
  const pg = DATABASE === "pg" ? pgSchema("bench_bulk") : undefined;
  if (pg) {
    await pg.create();
    process.env.DATABASE_URL = pg.url;
  } else process.env.LIVEKIT_ADMIN_DATA_DIR = mkdtempSync(path.join(tmpdir(), "lka-bench-"));
  await auditStore();
  // The audit trail exactly as a console's bulk delete writes it.
  const audit = recorderFor({
    actor: { username: "bench", projects: [] },
    project: "bench",
    role: "admin",
  });
  const rs = new RoomServiceClient(server.url, server.apiKey, server.apiSecret);
  const plain: number[] = [];
  const ours: number[] = [];
  try {
    // Round 0 warms both sides up (JIT, connections, the database) and is not counted.
    for (let round = 0; round <= ROUNDS; round++) {
      // Alternate the order so neither side always runs on a warmer server.
      const order = round % 2 ? (["plain", "ours"] as const) : (["ours", "plain"] as const);
      for (const side of order) {
        const names = await createRooms(rs, `${side}-${round}`);
        // LiveKit settles after creating 1,000 rooms (its own timers, room-list updates) before
        // either side is timed: otherwise whichever runs right after carries that work.
        await sleep(2_000);
        const t =
          side === "plain"
            ? await timed(() => forEachLimited(names, CONCURRENCY, (n) => rs.deleteRoom(n)))
            : await timed(() => consoleBulkDelete(rs, names, audit));
        if (round > 0) (side === "plain" ? plain : ours).push(t);
        if ((await rs.listRooms(names)).length !== 0) throw new Error(`${side}: rooms left behind`);
      }
    }
  } finally {
    await closeAuditStore();
    await pg?.drop();
    await server.stop();
  }
  const pct = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
  const line = (xs: number[]) =>
    `p50 ${pct(xs, 50).toFixed(0)} ms, p95 ${pct(xs, 95).toFixed(0)} ms  (${xs.map((x) => x.toFixed(0)).join(", ")})`;
  console.log(
    `bulk delete of ${ROOMS} rooms, concurrency ${CONCURRENCY}, ${ROUNDS} rounds after a warm-up, database ${DATABASE}`,
  );
  console.log(`  plain SDK loop (DeleteRoom only):            ${line(plain)}`);
  console.log(`  console (preview + audit + count + delete): ${line(ours)}`);
  console.log(
    `  ratio console / plain: p50 ${(pct(ours, 50) / pct(plain, 50)).toFixed(2)}, p95 ${(pct(ours, 95) / pct(plain, 95)).toFixed(2)}`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
