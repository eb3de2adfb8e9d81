import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccessToken } from "livekit-server-sdk";
import { POST } from "@/app/api/webhooks/[project]/route";
import { closeDatabase, database } from "@/lib/db";
import { recomputesPending } from "@/lib/history";
import { startLiveKit, type LiveKitServer } from "../support/livekit";
import { pgSchema } from "../support/pg-schema";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";
import { until } from "../support/until";

/**
 * Webhook ingest under load, through the receiver itself: group commits acknowledge an event
 * only once its row is committed, a burst past what the database takes is answered 503 with
 * Retry-After (never another error), LiveKit's own retry then stores it, and a receiver killed
 * in the middle of a burst has lost nothing it acknowledged.
 */
const project = "default";
const ROOT = path.resolve(__dirname, "../..");

async function signed(body: string) {
  const at = new AccessToken("devkey", "secret", { ttl: 600 });
  at.sha256 = createHash("sha256").update(body).digest("base64");
  return at.toJwt();
}

const eventBody = (run: string, i: number, rooms: number) =>
  JSON.stringify({
    event: "participant_joined",
    id: `EV_${run}_${i}`,
    createdAt: String(Math.floor(Date.now() / 1000)),
    room: { sid: `RM_${run}_${i % rooms}`, name: `ingest-${run}-${i % rooms}` },
    participant: { sid: `PA_${run}_${i}`, identity: `user-${i}` },
  });

/** The route handler, in this process. */
async function deliver(body: string, auth: string) {
  const res = await POST(
    new Request(`http://127.0.0.1/api/webhooks/${project}`, {
      method: "POST",
      headers: { "Content-Type": "application/webhook+json", Authorization: auth },
      body,
    }),
    { params: Promise.resolve({ project }) },
  );
  return { status: res.status, retryAfter: res.headers.get("retry-after") };
}

const waitFor = <T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000) =>
  until(read, ok, { ms, stepMs: 200 });

const saved = { ...process.env };
function restoreEnv() {
  for (const k of [
    "DATABASE_URL",
    "LIVEKIT_ADMIN_DATA_DIR",
    "WEBHOOK_QUEUE_MAX",
    "WEBHOOK_STORE_TIMEOUT_SEC",
  ])
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
}

const schemas: ReturnType<typeof pgSchema>[] = [];
async function freshPostgres() {
  const s = pgSchema("lka_ingest");
  await s.create();
  schemas.push(s);
  return s;
}

afterAll(async () => {
  await closeDatabase();
  restoreEnv();
  for (const s of schemas) await s.drop();
});

describe.each([
  {
    name: "PostgreSQL",
    mustRefuse: true,
    use: async () => {
      process.env.DATABASE_URL = (await freshPostgres()).url;
    },
  },
  {
    name: "embedded PGlite",
    // Its statements run on this process's only thread, between the deliveries themselves:
    // events never pile up waiting for it, so the bound is not reached here.
    mustRefuse: false,
    use: () => {
      delete process.env.DATABASE_URL;
      process.env.LIVEKIT_ADMIN_DATA_DIR = mkdtempSync(path.join(tmpdir(), "lka-ingest-"));
      return Promise.resolve();
    },
  },
])("a burst on $name", ({ use, mustRefuse }) => {
  beforeAll(async () => {
    await closeDatabase();
    await use();
    // Fewer waiting events than the burst, so part of it must be refused and delivered again.
    process.env.WEBHOOK_QUEUE_MAX = "100";
  });
  afterAll(async () => {
    await closeDatabase();
    restoreEnv();
  });

  it("2,000 events at once: each answered 200 or 503 with Retry-After, the refused delivered again, every event stored exactly once", async () => {
    const run = `b${Date.now().toString(36)}`;
    const rooms = 20;
    const events = await Promise.all(
      Array.from({ length: 2_000 }, async (_, i) => {
        const body = eventBody(run, i, rooms);
        return { id: `EV_${run}_${i}`, body, auth: await signed(body) };
      }),
    );
    const answers = new Map<string, number>();
    let waiting = events;
    const acked: string[] = [];
    const record = (e: (typeof events)[number], r: Awaited<ReturnType<typeof deliver>>) => {
      const kind = r.status === 503 && r.retryAfter ? "503 + Retry-After" : String(r.status);
      answers.set(kind, (answers.get(kind) ?? 0) + 1);
      if (r.status === 200) acked.push(e.id);
      return r.status === 200;
    };
    // All at once, then the refused again as LiveKit does it: after Retry-After, each node's
    // ten webhook workers one delivery at a time (five nodes here).
    const first = await Promise.all(waiting.map((e) => deliver(e.body, e.auth)));
    waiting = waiting.filter((e, i) => !record(e, first[i]!));
    for (let attempt = 0; waiting.length > 0 && attempt < 5; attempt++) {
      await new Promise((r) => setTimeout(r, 1_000));
      const again: typeof events = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          for (let e = waiting[next++]; e; e = waiting[next++])
            if (!record(e, await deliver(e.body, e.auth))) again.push(e);
        }),
      );
      waiting = again;
    }
    // Only the two answers LiveKit knows what to do with; on PostgreSQL the bound was reached.
    expect([...answers.keys()].filter((k) => k !== "200" && k !== "503 + Retry-After")).toEqual([]);
    if (mustRefuse) expect(answers.get("503 + Retry-After")).toBeGreaterThan(0);
    expect(waiting).toEqual([]);
    expect(new Set(acked).size).toBe(2_000);
    const { sql, history } = await database();
    const { rows } = await sql.query<{ n: number; ids: number }>(
      "SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids FROM webhook_events WHERE id LIKE $1",
      [`EV_${run}_%`],
    );
    expect(rows[0]).toEqual({ n: 2_000, ids: 2_000 });
    // And History's sessions count each event once.
    await waitFor(
      async () => recomputesPending(),
      (n) => n === 0,
    );
    for (let r = 0; r < rooms; r++)
      expect(await history.session(project, `RM_${run}_${r}`)).toMatchObject({
        events: 100,
        present: 100,
      });
  }, 120_000);

  it("an event whose names and attributes hold NUL is stored (made storable), beside ordinary ones in the same statement", async () => {
    const run = `n${Date.now().toString(36)}`;
    const odd = JSON.stringify({
      event: "participant_joined",
      id: `EV_${run}_nul`,
      createdAt: String(Math.floor(Date.now() / 1000)),
      room: { sid: `RM_${run}`, name: `nul\u0000room` },
      participant: {
        sid: `PA_${run}_nul`,
        identity: `who\u0000ever`,
        attributes: { "k\u0000ey": "va\u0000lue" },
      },
    });
    const plain = Array.from({ length: 20 }, (_, i) => eventBody(run, i, 1));
    const answers = await Promise.all(
      [odd, ...plain].map(async (b) => deliver(b, await signed(b))),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(21).fill(200));
    const { sql } = await database();
    const { rows } = await sql.query<{ participant_identity: string; payload: unknown }>(
      "SELECT participant_identity, payload FROM webhook_events WHERE id = $1",
      [`EV_${run}_nul`],
    );
    expect(rows[0]!.participant_identity).toBe("who\u2400ever");
    expect(JSON.stringify(rows[0]!.payload)).toContain("k\u2400ey");
    const n = await sql.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM webhook_events WHERE id LIKE $1",
      [`EV_${run}_%`],
    );
    expect(n.rows[0]!.n).toBe(21);
  });
});

describe("a receiver killed (SIGKILL) in the middle of a burst", () => {
  let child: ChildProcess | undefined;
  let url = "";
  const kill = () => {
    if (child?.pid && child.exitCode === null) process.kill(-child.pid, "SIGKILL");
  };
  /** The receiver in a process of its own (tests/support/webhook-child.ts); its port. */
  async function startChild(): Promise<number> {
    const c = spawn(
      path.join(ROOT, "node_modules/.bin/tsx"),
      ["--conditions=react-server", "tests/support/webhook-child.ts"],
      {
        cwd: ROOT,
        detached: true,
        stdio: ["ignore", "pipe", "inherit"],
        env: {
          ...process.env,
          DATABASE_URL: url,
          NODE_ENV: "production",
          // No LiveKit answers here: the sweep after the repair must not close these sessions
          // (their rooms were never live), so it reads nothing and closes nothing.
          LIVEKIT_URL: `ws://127.0.0.1:${PORTS.integrationIngest + 3}`,
        },
      },
    );
    child = c;
    return new Promise((resolve, reject) => {
      let out = "";
      c.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /listening (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      c.once("exit", (code) => reject(new Error(`receiver exited (${code}) before listening`)));
    });
  }
  afterAll(() => kill());

  it("every event acknowledged before the kill is stored, and on restart the sessions are repaired", async () => {
    url = (await freshPostgres()).url;
    const port = await startChild();
    const run = `k${Date.now().toString(36)}`;
    const rooms = 10;
    const acked = new Set<string>();
    let sent = 0;
    let killedAt = -1;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
    const post = (body: string, auth: string) =>
      new Promise<number>((resolve) => {
        const req = http.request(
          { host: "127.0.0.1", port, path: `/api/webhooks/${project}`, method: "POST", agent },
          (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
          },
        );
        req.setHeader("Content-Type", "application/webhook+json");
        req.setHeader("Authorization", auth);
        // The kill cuts it off: no answer, not acknowledged.
        req.on("error", () => resolve(0));
        req.end(body);
      });
    // 50 deliveries at a time until 600 are acknowledged, then the kill, mid-flight.
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (killedAt < 0) {
          const i = sent++;
          const body = eventBody(run, i, rooms);
          const status = await post(body, await signed(body));
          if (status === 200) acked.add(`EV_${run}_${i}`);
          if (acked.size >= 600 && killedAt < 0) {
            killedAt = sent;
            kill();
          }
        }
      }),
    );
    agent.destroy();
    const dead = child!;
    if (dead.exitCode === null && dead.signalCode === null)
      await new Promise((r) => dead.once("exit", r));
    expect(child!.signalCode).toBe("SIGKILL");
    // Deliveries were in flight when it died: some sent, never answered.
    expect(sent).toBeGreaterThan(acked.size);

    const db = new Client({ connectionString: url });
    await db.connect();
    try {
      const { rows } = await db.query<{ id: string }>(
        "SELECT id FROM webhook_events WHERE id = ANY($1::text[])",
        [[...acked]],
      );
      const stored = new Set(rows.map((r) => r.id));
      expect([...acked].filter((id) => !stored.has(id))).toEqual([]);
      expect(rows.length).toBe(acked.size);

      const mismatched = () =>
        db
          .query<{ room_sid: string }>(
            `SELECT e.room_sid FROM (SELECT room_sid, count(*)::int AS n FROM webhook_events
               WHERE room_sid LIKE $1 GROUP BY room_sid) e
             LEFT JOIN room_sessions s ON s.room_sid = e.room_sid
             WHERE s.events IS DISTINCT FROM e.n OR s.present IS DISTINCT FROM e.n`,
            [`RM_${run}_%`],
          )
          .then((r) => r.rows.map((x) => x.room_sid));
      // Events committed in the last moment before the kill, their session not yet derived
      // (the process died before its recompute): one room certainly behind.
      await db.query(
        `INSERT INTO webhook_events (project, id, event, at, room_sid, room_name, participant_sid, participant_identity, payload)
         SELECT 'default', 'EV_${run}_late_' || g, 'participant_joined', now(), 'RM_${run}_0',
                'ingest-${run}-0', 'PA_${run}_late_' || g, 'late-' || g, '{}'::jsonb
         FROM generate_series(1, 5) AS g`,
      );
      expect(await mismatched()).toContain(`RM_${run}_0`);

      // Restarted: the first round of history's loop re-derives every recently touched session
      // from its stored events.
      await startChild();
      expect(await waitFor(mismatched, (m) => m.length === 0)).toEqual([]);
    } finally {
      kill();
      await db.end();
    }
  }, 120_000);
});

describe("the database cannot take more: LiveKit's own retry", () => {
  let server: LiveKitServer;
  let relay: http.Server;
  /** What the receiver answered LiveKit, per event id, in order. */
  const answered: { id: string; event: string; status: number; retryAfter: string | null }[] = [];

  beforeAll(async () => {
    await closeDatabase();
    process.env.DATABASE_URL = (await freshPostgres()).url;
    process.env.WEBHOOK_STORE_TIMEOUT_SEC = "1";
    await (await database()).sql.query("SELECT 1"); // migrated before the lock below
    relay = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const { id, event } = JSON.parse(body) as { id: string; event: string };
        void POST(
          new Request(`http://127.0.0.1${req.url}`, {
            method: "POST",
            headers: req.headers as Record<string, string>,
            body,
          }),
          { params: Promise.resolve({ project }) },
        ).then(async (r) => {
          answered.push({ id, event, status: r.status, retryAfter: r.headers.get("retry-after") });
          res.writeHead(r.status, Object.fromEntries(r.headers)).end(await r.text());
        });
      });
    });
    await new Promise<void>((r) => relay.listen(0, "127.0.0.1", r));
    server = await startLiveKit({
      port: PORTS.integrationIngest,
      webhooks: [
        `http://127.0.0.1:${(relay.address() as AddressInfo).port}/api/webhooks/${project}`,
      ],
    });
  }, 150_000);

  afterAll(async () => {
    await server?.stop();
    relay?.close();
    await closeDatabase();
    restoreEnv();
  });

  it("answers 503 with Retry-After while the table is locked; LiveKit delivers again and the event is stored once", async () => {
    const lk = sdk(PORTS.integrationIngest);
    const room = uniqueRoom("ingest-retry");
    // Another session holds the table: every INSERT waits.
    const locker = new Client({ connectionString: process.env.DATABASE_URL });
    await locker.connect();
    await locker.query("BEGIN");
    await locker.query("LOCK TABLE webhook_events IN ACCESS EXCLUSIVE MODE");
    try {
      await lk.createRoom({ name: room });
      const started = () => answered.filter((a) => a.event === "room_started");
      await waitFor(
        async () => started(),
        (s) => s.some((a) => a.status === 503),
        15_000,
      );
      expect(started()[0]).toMatchObject({ status: 503, retryAfter: "1" });
      // Held a moment longer, so LiveKit's retry may be refused too; then released.
      await new Promise((r) => setTimeout(r, 1_500));
    } finally {
      await locker.query("COMMIT");
      await locker.end();
    }
    const s = await waitFor(
      async () => answered.filter((a) => a.event === "room_started"),
      (s) => s.some((a) => a.status === 200),
      20_000,
    );
    const id = s[0]!.id;
    // The same event (one id), delivered again by LiveKit after the 503s, until it was taken.
    expect(s.every((a) => a.id === id)).toBe(true);
    expect(s.at(-1)!.status).toBe(200);
    expect(s.slice(0, -1).every((a) => a.status === 503 && a.retryAfter === "1")).toBe(true);
    const { rows } = await (
      await database()
    ).sql.query<{ n: number }>("SELECT count(*)::int AS n FROM webhook_events WHERE id = $1", [id]);
    expect(rows[0]!.n).toBe(1);
    await lk.deleteRoom(room);
  }, 60_000);
});
