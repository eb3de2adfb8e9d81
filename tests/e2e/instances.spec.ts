import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, openSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import { expect, request as http, test, type APIRequestContext } from "@playwright/test";
import { Client } from "pg";
import { forEachLimited } from "@/lib/concurrency";
import { E2E_HASH, E2E_KEYS, E2E_PASSWORD } from "../support/e2e-env";
import { startCountingProxy, type CountingProxy } from "../support/counting-proxy";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";
import { builtActions, callAction, resultOf } from "../support/server-actions";
import { keepScreenshot } from "./helpers";

/**
 * Two console instances (the deployment folder of `npm run build:standalone`) on loopback sharing one PostgreSQL (a schema of this suite's own) and
 * one Redis (started here, on a port of its own), behind HAProxy from Debian, started here:
 * `rr` balances every request round robin; `split` sends pages to A and actions to B.
 * A reaches LiveKit through a proxy that adds 60 ms per call, so its bulk delete is slow
 * enough to be killed half-way.
 */
const A = `http://127.0.0.1:${PORTS.instanceA}`;
const B = `http://127.0.0.1:${PORTS.instanceB}`;
const RR = `http://127.0.0.1:${PORTS.instancesProxy}`;
const SPLIT = `http://127.0.0.1:${PORTS.instancesSplit}`;
const REDIS_PORT = PORTS.instancesRedis;
const PG = "postgres://postgres@127.0.0.1:5432/test";
const LOGS = path.resolve(__dirname, "../../test-results/instances");
const lk = sdk(PORTS.e2e, E2E_KEYS.apiKey, E2E_KEYS.apiSecret);

const schema = `lka_instances_${Date.now().toString(36)}`;
const shared = {
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  SESSION_SECRET: randomBytes(32).toString("hex"),
  NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  DATABASE_URL: `${PG}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
  REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}/0`,
  LIVEKIT_API_KEY: E2E_KEYS.apiKey,
  LIVEKIT_API_SECRET: E2E_KEYS.apiSecret,
  ADMIN_USERNAME: "root",
  ADMIN_PASSWORD_HASH: E2E_HASH,
  // The split proxy's pages and actions go to different instances: both trust it alike.
  TRUST_PROXY: "127.0.0.1",
  BULK_CONFIRM_ABOVE: "1000",
  HISTORY_SWEEP_SEC: "3600",
};

const procs: Record<string, ChildProcess> = {};

function start(name: string, cmd: string, args: string[], env: Record<string, string> = {}) {
  mkdirSync(LOGS, { recursive: true });
  const out = openSync(path.join(LOGS, `${name}.log`), "a");
  const child = spawn(cmd, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", out, out],
    detached: true,
  });
  procs[name] = child;
  return child;
}

/** Stops a process this suite started, by its process group. */
function stop(name: string, signal: NodeJS.Signals = "SIGTERM") {
  const child = procs[name];
  if (!child?.pid || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

async function waitFor(url: string, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > until) throw new Error(`${url} did not answer in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const startRedis = () =>
  start("redis", "redis-server", [
    "--port",
    String(REDIS_PORT),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no",
  ]);

async function waitForRedis() {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(REDIS_PORT, "127.0.0.1");
      s.once("connect", () => (s.destroy(), resolve(true)));
      s.once("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("redis did not start");
}

/** The deployment folder (`npm run build:standalone`, which `npm test` builds), as deployed. */
const SERVER = path.resolve(__dirname, "../../.next/standalone/scripts/server.mjs");

const instance = (name: "a" | "b", port: number, livekitUrl: string) =>
  start(name, "node", [SERVER, "-H", "127.0.0.1", "-p", String(port)], {
    ...shared,
    LIVEKIT_URL: livekitUrl,
    LIVEKIT_ADMIN_DATA_DIR: path.join(LOGS, `data-${name}`),
  });

let slowLiveKit: CountingProxy;
let db: Client;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  db = new Client({ connectionString: PG });
  await db.connect();
  await db.query(`CREATE SCHEMA ${schema}`);
  startRedis();
  await waitForRedis();
  slowLiveKit = await startCountingProxy(`http://127.0.0.1:${PORTS.e2e}`, { delayMs: 60 });
  // A first, so the schema is migrated once; then B.
  instance("a", PORTS.instanceA, slowLiveKit.url);
  await waitFor(`${A}/api/ready`);
  instance("b", PORTS.instanceB, `http://127.0.0.1:${PORTS.e2e}`);
  await waitFor(`${B}/api/ready`);
  const cfg = path.join(LOGS, "haproxy.cfg");
  writeFileSync(
    cfg,
    `global
  maxconn 2000
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
frontend rr
  bind 127.0.0.1:${PORTS.instancesProxy}
  default_backend both
frontend split
  bind 127.0.0.1:${PORTS.instancesSplit}
  use_backend only_b if METH_POST
  default_backend only_a
backend both
  balance roundrobin
  server a 127.0.0.1:${PORTS.instanceA}
  server b 127.0.0.1:${PORTS.instanceB}
backend only_a
  server a 127.0.0.1:${PORTS.instanceA}
backend only_b
  server b 127.0.0.1:${PORTS.instanceB}
`,
  );
  start("haproxy", "haproxy", ["-db", "-f", cfg]);
  await waitFor(`${RR}/api/health`);
  await waitFor(`${SPLIT}/api/health`);
});

test.afterAll(async () => {
  for (const name of Object.keys(procs)) stop(name, "SIGKILL");
  await slowLiveKit?.close();
  await db?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
  await db?.end();
});

/** Signs in as root; `from` is the client's address, through X-Forwarded-For (TRUST_PROXY). */
async function signIn(
  req: APIRequestContext,
  base: string,
  password = E2E_PASSWORD,
  from?: string,
) {
  const res = await req.post(`${base}/api/auth/sign-in`, {
    data: { username: "root", password },
    headers: { origin: base, ...(from ? { "x-forwarded-for": from } : {}) },
  });
  const cookie = /lka_session=([^;]+)/.exec(res.headers()["set-cookie"] ?? "")?.[1];
  return { status: res.status(), cookie };
}

const get = (req: APIRequestContext, url: string, cookie: string) =>
  req.get(url, { headers: { Cookie: `lka_session=${cookie}` }, maxRedirects: 0 });

/** Readiness as a signed-in admin sees it (a balancer gets ready or not, and what is degraded). */
const readyOf = async (base: string, cookie: string) =>
  (await (
    await fetch(`${base}/api/ready`, { headers: { Cookie: `lka_session=${cookie}` } })
  ).json()) as object;

test("the proxy reaches both instances; both are ready and share Redis and PostgreSQL", async () => {
  const req = await http.newContext();
  const { cookie } = await signIn(req, RR);
  await req.dispose();
  const stranger = await fetch(`${RR}/api/ready`);
  expect(stranger.status).toBe(200);
  expect(await stranger.json()).toEqual({ ready: true, degraded: [] });
  const seen = new Set<string>();
  for (let i = 0; i < 4; i++) {
    const r = (await readyOf(RR, cookie!)) as {
      ready: boolean;
      instance: string;
      mode: string;
      database: { ok: boolean; kind: string };
      redis: { ok: boolean };
      livekit: Record<string, { ok: boolean }>;
    };
    expect(r).toMatchObject({
      ready: true,
      mode: "shared",
      database: { ok: true, kind: "postgres" },
      redis: { ok: true },
      livekit: { default: { ok: true } },
    });
    seen.add(r.instance);
  }
  expect(seen.size).toBe(2);
  // Liveness says how the instance is deployed, and nothing is missing for several.
  expect(await (await fetch(`${A}/api/health`)).json()).toEqual({
    ok: true,
    mode: "shared",
    notes: [],
  });
});

test("sign out through A: B refuses the same cookie on the next request", async () => {
  const req = await http.newContext();
  const { cookie } = await signIn(req, RR);
  expect(cookie).toBeTruthy();
  for (const base of [A, B])
    expect((await get(req, `${base}/api/p/default/rooms`, cookie!)).status()).toBe(200);
  const out = await req.post(`${A}/api/auth/sign-out`, {
    headers: { Cookie: `lka_session=${cookie}`, Origin: A },
    maxRedirects: 0,
  });
  expect(out.status()).toBe(303);
  expect((await get(req, `${B}/api/p/default/rooms`, cookie!)).status()).toBe(401);
  expect((await get(req, `${A}/api/p/default/rooms`, cookie!)).status()).toBe(401);
  await req.dispose();
});

test("a page served by A calls its actions on B; a change through one shows on the other", async ({
  browser,
}) => {
  const context = await browser.newContext({ baseURL: SPLIT });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Username").fill("root");
  await page.getByLabel("Password").fill(E2E_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/p\/default$/);
  // The same session cookie (127.0.0.1, any port) opens B directly, in a second tab.
  const onB = await context.newPage();
  await onB.goto(`${B}/p/default/rooms`);
  await expect(onB.getByTestId("room-count")).toBeVisible();

  const room = uniqueRoom("made-on-b");
  await page.goto("/p/default/rooms");
  await page.getByRole("button", { name: "Create room" }).click();
  const form = page.getByRole("dialog", { name: "Create room" });
  await form.getByLabel("Name", { exact: true }).fill(room);
  await form.getByRole("button", { name: "Create room" }).click();
  // The action ran on B (the split proxy sends every POST there) for a page A served.
  await expect(page.getByText(`Room "${room}" created`)).toBeVisible();
  expect(await lk.listRooms([room])).toHaveLength(1);
  await expect(onB.locator(`tr[data-room="${room}"]`)).toBeVisible();

  // A change made through A (an action sent to A itself) reaches the tab open on B.
  const cookie = (await context.cookies()).find((c) => c.name === "lka_session")!.value;
  const create = builtActions({ project: "default", room: "x" }).find(
    (a) => a.name === "createRoom",
  )!;
  const onA = await http.newContext({ baseURL: A });
  const throughA = uniqueRoom("made-on-a");
  const made = resultOf(
    (await callAction(onA, create, { project: "default", name: throughA }, { cookie, origin: A }))
      .body,
  );
  expect(made?.ok).toBe(true);
  const t0 = Date.now();
  await expect(onB.locator(`tr[data-room="${throughA}"]`)).toBeVisible();
  console.log(
    `instances: a room created through A showed in the tab on B after ${Date.now() - t0} ms`,
  );
  for (const name of [room, throughA]) await lk.deleteRoom(name);
  await onA.dispose();
  await keepScreenshot(onB, "instances-b");
  await context.close();
});

test("5 wrong passwords from one address spread over A and B lock that address out of the user on both; the owner elsewhere signs in", async () => {
  const req = await http.newContext();
  const guesser = "203.0.113.50";
  for (let i = 0; i < 5; i++) {
    const { status } = await signIn(req, i % 2 ? B : A, "wrong-password", guesser);
    expect(status).toBe(401);
  }
  for (const base of [A, B]) {
    const { status, cookie } = await signIn(req, base, E2E_PASSWORD, guesser);
    expect(status, `right password from the guesser's address on ${base}`).toBe(429);
    expect(cookie).toBeUndefined();
    const owner = await signIn(req, base);
    expect(owner.status, `right password from the owner's address on ${base}`).toBe(200);
  }
  // Forget the failures for the tests after this one (the user's count would slow their sign-ins).
  await db.query(`DELETE FROM ${schema}.auth_throttle`);
  await req.dispose();
});

test("a bulk delete of 300 rooms started through A is watched through B; A is killed mid-job and B finishes it, each room counted once", async () => {
  test.setTimeout(120_000);
  const prefix = uniqueRoom("inst-bulk");
  const rooms = Array.from({ length: 300 }, (_, i) => `${prefix}-${i}`);
  await forEachLimited(rooms, 32, async (name) => {
    await lk.createRoom({ name });
  });
  const req = await http.newContext();
  const { cookie } = await signIn(req, A);
  const action = builtActions({ project: "default", room: "x" }).find(
    (a) => a.name === "startBulkDelete",
  )!;
  const onA = await http.newContext({ baseURL: A });
  const started = resultOf(
    (await callAction(onA, action, { project: "default", rooms }, { cookie, origin: A })).body,
  );
  expect(started?.ok).toBe(true);
  const jobId = String(started?.data?.id);

  // Watched through B while A runs it (A's LiveKit calls take 60 ms more each).
  const progress = async () =>
    (await (await get(req, `${B}/api/p/default/jobs/${jobId}`, cookie!)).json()) as {
      ok: boolean;
      data: {
        done: number;
        total: number;
        running: boolean;
        takenOver?: number;
        counts: Record<string, number>;
      };
    };
  let before = 0;
  await expect
    .poll(async () => (before = (await progress()).data.done), { intervals: [50] })
    .toBeGreaterThanOrEqual(30);
  stop("a", "SIGKILL");
  const atKill = (await progress()).data;
  expect(atKill.running).toBe(true);
  expect(atKill.done).toBeLessThan(300);
  console.log(`instances: A killed with ${atKill.done} of 300 rooms done (${before} seen before)`);

  // B takes the job over (A stopped beating) and finishes it.
  await expect.poll(async () => (await progress()).data.running, { timeout: 60_000 }).toBe(false);
  const end = (await progress()).data;
  expect(end.total).toBe(300);
  expect(end.done).toBe(300);
  expect(end.takenOver).toBeGreaterThanOrEqual(1);
  expect((end.counts.deleted ?? 0) + (end.counts.already_closed ?? 0)).toBe(300);
  expect(await lk.listRooms(rooms)).toEqual([]);

  // Each room once in the job's rows and once in the audit trail, and the two agree.
  const items = await db.query(
    `SELECT count(*)::int AS n, count(DISTINCT name)::int AS names,
            count(*) FILTER (WHERE status IN ('deleted', 'already_closed'))::int AS ok
     FROM ${schema}.bulk_items WHERE job_id = $1`,
    [jobId],
  );
  expect(items.rows[0]).toEqual({ n: 300, names: 300, ok: 300 });
  const audit = await db.query(
    `SELECT count(*)::int AS n, count(DISTINCT target)::int AS targets,
            count(*) FILTER (WHERE outcome = 'ok')::int AS ok
     FROM ${schema}.audit_events WHERE action = 'room.delete' AND params->>'job' = $1`,
    [jobId],
  );
  expect(audit.rows[0]).toEqual({ n: 300, targets: 300, ok: 300 });
  const disagree = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${schema}.bulk_items b
     JOIN ${schema}.audit_events a ON a.id = b.audit_id
     WHERE b.job_id = $1 AND (a.target <> b.name OR a.disconnected <> b.disconnected
       OR coalesce(a.error_code, 'deleted') <> b.status)`,
    [jobId],
  );
  expect(disagree.rows[0]?.n).toBe(0);
  const own = await db.query<{ outcome: string }>(
    `SELECT outcome FROM ${schema}.audit_events WHERE action = 'bulk.delete' AND id =
       (SELECT audit_id FROM ${schema}.bulk_jobs WHERE id = $1)`,
    [jobId],
  );
  expect(own.rows[0]?.outcome).toBe("ok");
  await req.dispose();
  await onA.dispose();
});

test("Redis stopped mid-use: B says so in its readiness and on the rooms page, still refuses revoked sessions, and recovers when Redis is back", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const req = await http.newContext();
  const { cookie } = await signIn(req, B);
  const { cookie: revoked } = await signIn(req, B);
  const context = await browser.newContext();
  await context.addCookies([{ name: "lka_session", value: cookie!, url: B }]);
  const page = await context.newPage();
  await page.goto(`${B}/p/default/rooms`);
  await expect(page.getByTestId("room-count")).toBeVisible();

  stop("redis", "SIGKILL");
  await expect
    .poll(() => readyOf(B, cookie!), {
      timeout: 15_000,
    })
    .toMatchObject({ ready: true, degraded: ["redis"], redis: { ok: false } });
  await expect(page.locator("[data-redis-down]")).toBeVisible({ timeout: 15_000 });
  await keepScreenshot(page, "instances-redis-down");
  // Every page of the project says so, not only the rooms.
  await page.goto(`${B}/p/default/history`);
  await expect(page.locator("[data-redis-down]")).toBeVisible();
  await page.goto(`${B}/p/default/rooms`);
  // Revocations are in PostgreSQL: a sign-out while Redis is away still holds.
  await req.post(`${B}/api/auth/sign-out`, {
    headers: { Cookie: `lka_session=${revoked}`, Origin: B },
    maxRedirects: 0,
  });
  expect((await get(req, `${B}/api/p/default/rooms`, revoked!)).status()).toBe(401);
  // The console keeps working (reading LiveKit itself).
  const room = uniqueRoom("redis-down");
  await lk.createRoom({ name: room });
  await expect(page.locator(`tr[data-room="${room}"]`)).toBeVisible();

  startRedis();
  await waitForRedis();
  await expect
    .poll(() => readyOf(B, cookie!), {
      timeout: 20_000,
    })
    .toMatchObject({ ready: true, degraded: [], redis: { ok: true } });
  await expect(page.locator("[data-redis-down]")).toBeHidden({ timeout: 15_000 });
  await lk.deleteRoom(room);
  await context.close();
  await req.dispose();
});
