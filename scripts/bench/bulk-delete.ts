/**
 * Bulk-delete benchmark: the console's engine (durable job rows, audit record per room,
 * participant count, ghost check) against a plain concurrent loop over the SDK, both at the same concurrency,
 * on a real livekit-server on loopback, in one run. Prints both times and the ratio.
 *   npm run bench:bulk-delete [-- --rooms 1000 --concurrency 8 --rounds 3]
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { RoomServiceClient } from "livekit-server-sdk";
import { auditStore, closeAuditStore } from "@/lib/audit";
import { recorderFor } from "@/lib/procedures/pipeline/audit";
import { randomUUID } from "node:crypto";
import { BulkRunner } from "@/lib/rooms/bulk";
import { Semaphore, forEachLimited } from "@/lib/concurrency";
import { startLiveKit } from "../../tests/support/livekit";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROOMS = arg("rooms", 1000);
const CONCURRENCY = arg("concurrency", 8);
const ROUNDS = arg("rounds", 3);
const PORT = 7940;

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

async function main() {
  const server = await startLiveKit({ port: PORT });
  process.env.LIVEKIT_ADMIN_DATA_DIR = mkdtempSync(path.join(tmpdir(), "lka-bench-"));
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
    for (let round = 1; round <= ROUNDS; round++) {
      // Alternate the order so neither side always runs on a warmer server.
      const order = round % 2 ? (["plain", "ours"] as const) : (["ours", "plain"] as const);
      for (const side of order) {
        const names = await createRooms(rs, `${side}-${round}`);
        if (side === "plain") {
          plain.push(
            await timed(() => forEachLimited(names, CONCURRENCY, (n) => rs.deleteRoom(n))),
          );
        } else {
          ours.push(
            await timed(async () => {
              const store = (await auditStore()).bulk;
              const row = {
                id: randomUUID(),
                project: "bench",
                actor: "bench",
                role: "admin",
                total: names.length,
                auditId: null,
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
              });
              await job.done;
              const v = (await store.view(row.id))!;
              if (v.counts.deleted !== ROOMS)
                throw new Error(`only ${v.counts.deleted} of ${ROOMS} deleted`);
            }),
          );
        }
        if ((await rs.listRooms(names)).length !== 0) throw new Error(`${side}: rooms left behind`);
      }
    }
  } finally {
    await closeAuditStore();
    await server.stop();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const p = median(plain);
  const o = median(ours);
  console.log(
    `bulk delete of ${ROOMS} rooms, concurrency ${CONCURRENCY}, median of ${ROUNDS} rounds`,
  );
  console.log(
    `  plain SDK loop (DeleteRoom only):          ${p.toFixed(0)} ms  (${plain.map((x) => x.toFixed(0)).join(", ")})`,
  );
  console.log(
    `  console engine (audit + count + delete):   ${o.toFixed(0)} ms  (${ours.map((x) => x.toFixed(0)).join(", ")})`,
  );
  console.log(`  ratio console / plain: ${(o / p).toFixed(2)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
