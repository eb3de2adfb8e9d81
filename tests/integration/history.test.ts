import { mkdtempSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "pg";
import type { AddressInfo } from "node:net";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispose } from "@livekit/rtc-node";
import { AccessToken } from "livekit-server-sdk";
import { POST } from "@/app/api/webhooks/[project]/route";
import { deleteRoom } from "@/app/p/[project]/rooms/actions";
import { previewBulkDelete, startBulkDelete } from "@/app/p/[project]/attention/actions";
import type { BulkJobView } from "@/lib/rooms/bulk/types";
import { database, closeDatabase } from "@/lib/db";
import { recomputesPending, sweepProject } from "@/lib/history";
import { accessConfig } from "@/lib/auth/access";
import type { HistoryList, HistoryStats, SessionDetail } from "@/lib/history/view";
import type { ActionResult } from "@/lib/procedures/result";
import { apiGet } from "../support/api";
import { startCountingProxy } from "../support/counting-proxy";
import { startLiveKit, type LiveKitServer } from "../support/livekit";
import { joinParticipant, type TestParticipant } from "../support/participant";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";
import { until as untilRead } from "../support/until";

/**
 * History from a real livekit-server's real webhooks, posted to the console's receiver (the
 * route handler itself, behind a small relay that can play "the console is down").
 */
const project = "default";
const savedUrl = process.env.LIVEKIT_URL;
const wsUrl = `ws://127.0.0.1:${PORTS.integrationHistory}`;
const lk = sdk(PORTS.integrationHistory);
let server: LiveKitServer;
let relay: http.Server;
/** What LiveKit posted, as it posted it (to check what it sends, e.g. turnPassword). */
const posted: string[] = [];
/** While true the relay answers 200 and drops the event: LiveKit's retries gave up. */
let lost = false;
const joined: TestParticipant[] = [];

/** Until `ok` holds and no recompute is waiting (a session read mid-recompute may be stale). */
const until = <T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> =>
  untilRead(read, (v) => ok(v) && recomputesPending() === 0, { ms });

const list = (query = "") =>
  apiGet<ActionResult<HistoryList>>(`/api/p/${project}/history${query}`).then((r) => r.body);
const session = (sid: string) =>
  apiGet<ActionResult<SessionDetail>>(`/api/p/${project}/history/${sid}`).then((r) => r.body);
const sessionOf = async (room: string) => {
  const r = await list(`?q=${encodeURIComponent(room)}`);
  return r.ok ? r.data.sessions.find((s) => s.name === room) : undefined;
};

beforeAll(async () => {
  relay = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      posted.push(body);
      if (lost) {
        res.writeHead(200).end();
        return;
      }
      const p = decodeURIComponent(req.url!.split("/").at(-1)!);
      void POST(
        new Request(`http://127.0.0.1${req.url}`, {
          method: "POST",
          headers: req.headers as Record<string, string>,
          body,
        }),
        { params: Promise.resolve({ project: p }) },
      ).then(async (r) => res.writeHead(r.status).end(await r.text()));
    });
  });
  await new Promise<void>((r) => relay.listen(0, "127.0.0.1", r));
  const { port } = relay.address() as AddressInfo;
  server = await startLiveKit({
    port: PORTS.integrationHistory,
    webhooks: [`http://127.0.0.1:${port}/api/webhooks/${project}`],
  });
  process.env.LIVEKIT_URL = wsUrl;
}, 150_000);

afterAll(async () => {
  await Promise.all(joined.map((p) => p.leave().catch(() => undefined)));
  await dispose();
  process.env.LIVEKIT_URL = savedUrl;
  await server?.stop();
  relay?.close();
});

describe("sessions from real webhooks", () => {
  it("joins, a track, a leave and an operator's delete: counts, order, reasons and the audit link", async () => {
    const room = uniqueRoom("hist");
    await lk.createRoom({ name: room, emptyTimeout: 300 });
    const alice = await joinParticipant(wsUrl, room, "alice", { publishAudio: true });
    const bob = await joinParticipant(wsUrl, room, "bob");
    joined.push(alice, bob);
    const open = await until(
      () => sessionOf(room),
      (s) => s?.present === 2,
    );
    expect(open).toMatchObject({ endedAt: null, seenBy: "webhook", peak: 2, total: 2 });
    await bob.leave();
    await until(
      () => sessionOf(room),
      (s) => s?.present === 1,
    );
    expect(
      await deleteRoom({ project, name: room, confirmedParticipants: 1, typedName: room }),
    ).toMatchObject({ ok: true, data: { status: "deleted" } });

    const ended = await until(
      () => sessionOf(room),
      (s) => s?.endedAt !== null && s?.present === 0,
    );
    expect(ended).toMatchObject({
      endKind: "finished",
      peak: 2,
      present: 0,
      total: 2,
      identities: ["alice", "bob"],
    });
    const d = await session(ended!.sid);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.data.closure).toMatchObject({ kind: "operator", actor: "root", bulk: false });
    const auditId = d.data.closure.kind === "operator" ? d.data.closure.auditId : -1;
    const rows = await (await database()).audit.query({ project, action: "room.delete" });
    expect(rows.find((r) => r.id === auditId)?.target).toBe(room);

    const lines = d.data.timeline
      .filter((t) => t.kind !== "track")
      .map((t) => (t.detail && t.kind === "participant" ? `${t.text}: ${t.detail}` : t.text));
    expect(lines).toEqual([
      "Room opened",
      "alice joined",
      "bob joined",
      "bob left: left on their own",
      "root deleted the room",
      "alice left: the room was deleted",
      "Room closed",
    ]);
    const tracks = d.data.timeline.filter((t) => t.kind === "track").map((t) => t.text);
    expect(tracks[0]).toBe("alice started sharing their microphone “tone”");
    expect(tracks.filter((t) => t.includes("started"))).toHaveLength(1);
  });

  it("an empty room deleted by another tool before its timeout: 'deleted by someone else'", async () => {
    const room = uniqueRoom("sdkdel");
    await lk.createRoom({ name: room, emptyTimeout: 600 });
    await until(
      () => sessionOf(room),
      (s) => s !== undefined,
    );
    await lk.deleteRoom(room);
    const ended = await until(
      () => sessionOf(room),
      (s) => s?.endKind === "finished",
    );
    const d = await session(ended!.sid);
    expect(d.ok && d.data.closure).toMatchObject({
      kind: "api",
      early: { timeoutSec: 600, emptied: false },
    });
  });

  it("no stored event and no answer carries LiveKit's turnPassword", async () => {
    // The real server does send it: the receiver is what keeps it out.
    expect(posted.some((b) => b.includes("turnPassword"))).toBe(true);
    const { rows } = await (
      await database()
    ).sql.query<{ n: number; leaked: number }>(
      "SELECT count(*)::int AS n, count(*) FILTER (WHERE payload::text ILIKE '%turnpassword%' OR payload::text ILIKE '%turn_password%')::int AS leaked FROM webhook_events",
    );
    expect(rows[0]!.n).toBeGreaterThan(5);
    expect(rows[0]!.leaked).toBe(0);
    const l = await list();
    expect(JSON.stringify(l)).not.toMatch(/turn/i);
    if (l.ok)
      for (const s of l.data.sessions.slice(0, 5))
        expect(JSON.stringify(await session(s.sid))).not.toMatch(/turn/i);
  });

  it("plots: the last hour has the rooms and people seen, and the ended sessions by duration", async () => {
    const { body } = await apiGet<ActionResult<HistoryStats>>(
      `/api/p/${project}/history-stats?range=hour`,
    );
    expect(body.ok).toBe(true);
    if (!body.ok) return;
    expect(body.data.series).toHaveLength(60);
    expect(Math.max(...body.data.series.map((p) => p.participants))).toBeGreaterThanOrEqual(2);
    expect(Math.max(...body.data.series.map((p) => p.rooms))).toBeGreaterThanOrEqual(1);
    expect(body.data.ended).toBeGreaterThanOrEqual(2);
    expect(body.data.durations.reduce((n, d) => n + d.count, 0)).toBe(body.data.ended);
  });

  it("says when the last webhook came, and where LiveKit must send them", async () => {
    const l = await list();
    expect(l.ok).toBe(true);
    if (!l.ok) return;
    expect(l.data.webhookPath).toBe(`/api/webhooks/${project}`);
    expect(Date.now() - Date.parse(l.data.lastWebhook!.at)).toBeLessThan(120_000);
  });
});

describe("Needs attention, with history", () => {
  it("flags a room recreated right after an operator deleted it (LiveKit's reuse trap)", async () => {
    const room = uniqueRoom("again");
    await lk.createRoom({ name: room });
    await until(
      () => sessionOf(room),
      (s) => s !== undefined,
    );
    expect(await deleteRoom({ project, name: room, confirmedParticipants: 0 })).toMatchObject({
      ok: true,
    });
    await until(
      () => sessionOf(room),
      (s) => s?.endedAt !== null,
    );
    await lk.createRoom({ name: room });
    type Attention = { rooms: { name: string; reasons: { code: string }[] }[] };
    const flagged = await until(
      async () => (await apiGet<ActionResult<Attention>>(`/api/p/${project}/attention`)).body,
      (a) =>
        a.ok &&
        (a.data.rooms.find((r) => r.name === room)?.reasons.some((x) => x.code === "recreated") ??
          false),
    );
    expect(flagged.ok && flagged.data.rooms.find((r) => r.name === room)?.reasons).toContainEqual(
      expect.objectContaining({ code: "recreated" }),
    );
    await lk.deleteRoom(room).catch(() => undefined);
  }, 30_000);
});

describe("bulk delete, with history", () => {
  it("counts a silent agent that LiveKit's list leaves out, asks nothing of rooms history proves empty, and counts a join after the warning", async () => {
    const proxy = await startCountingProxy(server.url);
    process.env.LIVEKIT_URL = proxy.wsUrl;
    const people: TestParticipant[] = [];
    const names = Array.from({ length: 6 }, (_, i) => `${uniqueRoom("bulk-hist")}-${i}`);
    // Open before the clock starts (run alone, this file opens its database here).
    await database();
    try {
      for (const name of names) await lk.createRoom({ name });
      // An agent that publishes nothing: LiveKit lists its room with 0 participants and 0
      // publishers. A person in another room.
      people.push(await joinParticipant(wsUrl, names[1]!, "silent-agent", { kind: "agent" }));
      people.push(await joinParticipant(wsUrl, names[2]!, "person"));
      const sids = new Map((await lk.listRooms(names)).map((r) => [r.name, r.sid]));
      const presence = async () => (await database()).history.presence(project, [...sids.values()]);
      const presentIn = (m: Map<string, number>, i: number) => m.get(sids.get(names[i]!)!);
      // Until history has followed every room from its start and seen both joins.
      const seen = await until(presence, (m) => m.size === 6 && presentIn(m, 2) === 1);
      expect(presentIn(seen, 1)).toBe(1);
      expect((await lk.listRooms([names[1]!]))[0]).toMatchObject({
        numParticipants: 0,
        numPublishers: 0,
      });

      proxy.reset();
      expect(await previewBulkDelete({ project, rooms: names })).toMatchObject({
        ok: true,
        data: { rooms: 6, participants: 2, missing: [] },
      });
      // Only the two rooms history does not prove empty are counted one by one.
      expect(proxy.calls("ListParticipants")).toBe(2);

      // Another silent agent joins a room that was empty, after the warning.
      people.push(await joinParticipant(wsUrl, names[4]!, "late-agent", { kind: "agent" }));
      await until(presence, (m) => presentIn(m, 4) === 1);
      proxy.reset();
      const started = await startBulkDelete({ project, rooms: names });
      if (!started.ok) throw new Error(started.error.message);
      const done = await until(
        async () =>
          (await apiGet<ActionResult<BulkJobView>>(`/api/p/${project}/jobs/${started.data.id}`))
            .body,
        (b) => b.ok && !b.data.running,
      );
      expect(done).toMatchObject({ ok: true, data: { total: 6, disconnected: 3 } });
      expect(done.ok && done.data.counts).toMatchObject({ deleted: 6, failed: 0 });
      expect(proxy.calls("ListParticipants")).toBe(3);
      expect(proxy.calls("DeleteRoom")).toBe(6);
      expect(await Promise.all(people.map((p) => p.disconnected))).toHaveLength(3);
    } finally {
      process.env.LIVEKIT_URL = wsUrl;
      await Promise.all(people.map((p) => p.leave().catch(() => undefined)));
      await Promise.all(names.map((n) => lk.deleteRoom(n).catch(() => undefined)));
      await proxy.close();
    }
  }, 60_000);
});

describe("retention", () => {
  it("prunes events and ended sessions older than the cutoff, and keeps open sessions", async () => {
    const { history } = await database();
    const run = Date.now().toString(36);
    const old = new Date(Date.now() - 40 * 86_400_000);
    const event = (id: string, sid: string, at: Date, kind = "room_started") => ({
      id,
      event: kind,
      at,
      roomSid: sid,
      roomName: `ret-${sid}`,
      participantSid: "",
      participantIdentity: "",
      numDropped: 0,
      payload: { event: kind },
    });
    await history.insert(project, event(`EV_old_${run}`, `RM_old_${run}`, old));
    await history.insert(
      project,
      event(`EV_oldend_${run}`, `RM_old_${run}`, new Date(old.getTime() + 60_000), "room_finished"),
    );
    await history.insert(project, event(`EV_open_${run}`, `RM_open_${run}`, old));
    await history.insert(project, event(`EV_new_${run}`, `RM_new_${run}`, new Date()));
    for (const sid of [`RM_old_${run}`, `RM_open_${run}`, `RM_new_${run}`])
      await history.recompute(project, sid);
    const cutoff = new Date(Date.now() - 30 * 86_400_000);
    expect(await history.prune(cutoff)).toBeGreaterThanOrEqual(3);
    expect(await storedCount(`EV_old_${run}`)).toBe(0);
    expect(await storedCount(`EV_new_${run}`)).toBe(1);
    expect(await history.session(project, `RM_old_${run}`)).toBeUndefined();
    // An open session is kept (its room may still be live), only its old events go.
    expect(await history.session(project, `RM_open_${run}`)).toMatchObject({ endedAt: null });
    expect(await history.session(project, `RM_new_${run}`)).toBeDefined();
  });
});

/** A webhook as LiveKit signs it: a JWT from the key, whose sha256 claim is the body's hash. */
async function signed(
  body: string,
  opts: { key?: string; secret?: string; ttl?: number; hashOf?: string } = {},
) {
  const at = new AccessToken(opts.key ?? "devkey", opts.secret ?? "secret", {
    ttl: opts.ttl ?? 300,
  });
  at.sha256 = createHash("sha256")
    .update(opts.hashOf ?? body)
    .digest("base64");
  return at.toJwt();
}

const eventBody = (id: string, roomSid = `RM_${id}`) =>
  JSON.stringify({
    event: "room_started",
    id,
    createdAt: String(Math.floor(Date.now() / 1000)),
    room: { sid: roomSid, name: `forged-${id}`, turnPassword: "do-not-store" },
  });

async function deliver(body: string, auth: string | null, to = project) {
  const headers: Record<string, string> = { "Content-Type": "application/webhook+json" };
  if (auth !== null) headers.Authorization = auth;
  const res = await POST(
    new Request(`http://127.0.0.1/api/webhooks/${to}`, { method: "POST", headers, body }),
    { params: Promise.resolve({ project: to }) },
  );
  return res.status;
}

async function storedCount(id: string) {
  const { rows } = await (
    await database()
  ).sql.query<{ n: number }>("SELECT count(*)::int AS n FROM webhook_events WHERE id = $1", [id]);
  return rows[0]!.n;
}

describe("the receiver's checks", () => {
  it("refuses a forged signature, an altered body, an expired token, another key and an unknown project: 401, nothing stored", async () => {
    const id = `EV_refused_${Date.now()}`;
    const body = eventBody(id);
    expect(await deliver(body, await signed(body, { secret: "not-the-secret" }))).toBe(401);
    expect(await deliver(body.replace("forged", "altered"), await signed(body))).toBe(401);
    expect(await deliver(body, await signed(body, { ttl: -60 }))).toBe(401);
    expect(await deliver(body, await signed(body, { key: "other", secret: "secret" }))).toBe(401);
    expect(await deliver(body, await signed(body), "no-such-project")).toBe(401);
    expect(await deliver(body, null)).toBe(401);
    expect(await deliver(body, "Bearer nonsense")).toBe(401);
    expect(await storedCount(id)).toBe(0);
    // The same body, properly signed, is taken: the refusals were about the signature.
    expect(await deliver(body, await signed(body))).toBe(200);
    expect(await storedCount(id)).toBe(1);
  });

  it("stores an event delivered twice once", async () => {
    const id = `EV_twice_${Date.now()}`;
    const body = eventBody(id);
    expect(await deliver(body, await signed(body))).toBe(200);
    expect(await deliver(body, await signed(body))).toBe(200);
    expect(await storedCount(id)).toBe(1);
  });
});

describe("reconciled with the live list", () => {
  it("while webhooks are lost: a room gone is closed as 'no webhook', a new room is 'seen by listing'", async () => {
    const gone = uniqueRoom("gone");
    await lk.createRoom({ name: gone });
    const before = await until(
      () => sessionOf(gone),
      (s) => s !== undefined,
    );
    expect(before?.seenBy).toBe("webhook");
    lost = true;
    try {
      await lk.deleteRoom(gone);
      const fresh = uniqueRoom("fresh");
      await lk.createRoom({ name: fresh });
      // Sessions younger than the sweep's margin (5 s before the list was asked for) are
      // spared; wait it out, with room for a list read up to one interval (2 s) before the
      // sweep: a rooms poll still running from an earlier test serves it (a run failed at 6 s).
      await new Promise((r) => setTimeout(r, 8_000));
      const target = accessConfig().projects.find((p) => p.name === project)!.target;
      await sweepProject(project, target);
      const closed = await sessionOf(gone);
      expect(closed).toMatchObject({ endKind: "no_webhook", present: 0 });
      expect(closed?.endedAt).not.toBeNull();
      const listed = await sessionOf(fresh);
      expect(listed).toMatchObject({ seenBy: "listing", endedAt: null });
      const d = await session(closed!.sid);
      expect(d.ok && d.data.closure.kind).toBe("no_webhook");
      await lk.deleteRoom(fresh);
    } finally {
      lost = false;
    }
  }, 30_000);
});

const PG = "postgres://postgres@127.0.0.1:5432/test";
const pgSchema = `lka_hist_${Date.now().toString(36)}`;

describe.each([
  {
    name: "PostgreSQL at 127.0.0.1:5432",
    use: () => {
      process.env.DATABASE_URL = `${PG}?options=${encodeURIComponent(`-c search_path=${pgSchema}`)}`;
    },
  },
  {
    name: "embedded PGlite",
    use: () => {
      delete process.env.DATABASE_URL;
      process.env.LIVEKIT_ADMIN_DATA_DIR = mkdtempSync(path.join(tmpdir(), "lka-hist-"));
    },
  },
])("1,000 events delivered at once on $name", ({ use }) => {
  const saved = { url: process.env.DATABASE_URL, dir: process.env.LIVEKIT_ADMIN_DATA_DIR };
  beforeAll(async () => {
    const c = new Client({ connectionString: PG });
    await c.connect();
    await c.query(`CREATE SCHEMA IF NOT EXISTS ${pgSchema}`);
    await c.end();
    await closeDatabase();
    use();
  });
  afterAll(async () => {
    await closeDatabase();
    if (saved.url === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved.url;
    process.env.LIVEKIT_ADMIN_DATA_DIR = saved.dir;
    const c = new Client({ connectionString: PG });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE`);
    await c.end();
  });

  it("1,000 rows, none lost, and each session's count exact", async () => {
    const run = Date.now().toString(36);
    const rooms = 20;
    const bodies = Array.from({ length: 1_000 }, (_, i) => {
      const r = i % rooms;
      return JSON.stringify({
        event: "participant_joined",
        id: `EV_${run}_${i}`,
        createdAt: String(Math.floor(Date.now() / 1000)),
        room: { sid: `RM_${run}_${r}`, name: `load-${run}-${r}`, turnPassword: "x" },
        participant: { sid: `PA_${run}_${i}`, identity: `user-${i}` },
      });
    });
    const signedBodies = await Promise.all(bodies.map(async (b) => [b, await signed(b)] as const));
    const statuses = await Promise.all(signedBodies.map(([b, auth]) => deliver(b, auth)));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const { rows } = await (
      await database()
    ).sql.query<{ n: number }>("SELECT count(*)::int AS n FROM webhook_events WHERE id LIKE $1", [
      `EV_${run}_%`,
    ]);
    expect(rows[0]!.n).toBe(1_000);
    const { history } = await database();
    await until(
      async () => recomputesPending(),
      (n) => n === 0,
    );
    for (let r = 0; r < rooms; r++) {
      const s = await history.session(project, `RM_${run}_${r}`);
      expect(s).toMatchObject({ total: 50, peak: 50, present: 50, events: 50, seenBy: "events" });
    }
  }, 120_000);
});
