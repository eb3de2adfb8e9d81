import { expect, test, type APIRequestContext } from "@playwright/test";
import { SignJWT } from "jose";
import { CATALOG, urlOf, type CatalogEntry } from "../support/catalog";
import { E2E, E2E_KEYS, E2E_SESSION_SECRET, stateOf } from "../support/e2e-env";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";
import { builtActions, callAction, cookieOf } from "../support/server-actions";

/**
 * Server actions are public HTTP endpoints. Every procedure of the registry, server action and
 * GET route alike, is called here directly (no UI) by callers who must be refused. The list
 * comes from the registry itself (tests/support/catalog.ts), so a new entry point is covered
 * the day it is added.
 */
const TARGET = uniqueRoom("guarded");
const FRESH = uniqueRoom("never-created");
const JOB = "7d1f0a7e-3c56-4a8e-9b0e-2f4c1d5e6a7b";
const actions = builtActions({ project: "main", room: TARGET });
const lk = sdk(PORTS.e2e, E2E_KEYS.apiKey, E2E_KEYS.apiSecret);

/**
 * Inputs that would change TARGET (or create FRESH) if the pipeline let them through; any
 * other procedure gets every field at once (refusals come before the input is read).
 */
const INPUTS: Record<string, Record<string, unknown>> = {
  createRoom: { name: FRESH },
  deleteRoom: { name: TARGET, confirmedParticipants: 0 },
  getDeleteImpact: { name: TARGET },
  updateRoomMetadata: { room: TARGET, metadata: "changed by a stranger" },
  startBulkDelete: { rooms: [TARGET], typed: "delete 1 rooms" },
  previewBulkDelete: { rooms: [TARGET] },
};
const ANY_INPUT = {
  room: TARGET,
  identity: "someone",
  trackSid: "TR_abc123",
  muted: true,
  name: "x",
  metadata: "",
  canPublish: true,
  canSubscribe: true,
  canPublishData: true,
  hidden: true,
  topic: "",
  text: "hello from a stranger",
  jobId: JOB,
};
const inputOf = (e: CatalogEntry) => ({ project: "main", ...(INPUTS[e.key] ?? ANY_INPUT) });
// Every path parameter names TARGET, except a job's (a uuid), a session's and an egress start's.
const PARAMS = { room: TARGET, jobId: JOB, sid: "RM_notasession", startId: "1" };

const key = new TextEncoder().encode(E2E_SESSION_SECRET);
async function token(sub: string, opts: { key?: Uint8Array; expiredAgoSec?: number } = {}) {
  const now =
    Math.floor(Date.now() / 1000) - (opts.expiredAgoSec ? opts.expiredAgoSec + 8 * 3600 : 0);
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(sub)
    .setJti(crypto.randomUUID())
    .setIssuer("livekit-admin")
    .setAudience("livekit-admin-console")
    .setIssuedAt(now)
    .setExpirationTime(now + 8 * 3600)
    .sign(opts.key ?? key);
}

test.use({ storageState: { cookies: [], origins: [] } });

test.beforeAll(async () => {
  await lk.createRoom({ name: TARGET, maxParticipants: 7 });
});

test("the build's server actions are exactly the registry's, and every entry is reachable", () => {
  expect(actions.map((a) => a.name).sort()).toEqual(
    CATALOG.filter((e) => e.action)
      .map((e) => e.key)
      .sort(),
  );
  expect(CATALOG.filter((e) => !e.action && !e.route)).toEqual([]);
  expect(CATALOG.filter((e) => e.route).length).toBeGreaterThanOrEqual(5);
});

/** Calls one registry entry as its server action or its GET route. */
async function callEntry(request: APIRequestContext, e: CatalogEntry, cookie: string | undefined) {
  if (e.action) {
    const a = actions.find((x) => x.name === e.key)!;
    const { body } = await callAction(request, a, inputOf(e), { cookie, origin: E2E.app });
    return { status: undefined, body };
  }
  const res = await request.get(urlOf(e, "main", PARAMS), {
    headers: cookie ? { Cookie: `lka_session=${cookie}` } : {},
  });
  const answer = { status: res.status(), body: await res.text() };
  await res.dispose();
  return answer;
}

const callers: {
  who: string;
  cookie: () => Promise<string | undefined>;
  code: string;
  /** The permissions this caller lacks (all, unless said). */
  lacks?: CatalogEntry["permission"][];
}[] = [
  { who: "no cookie", cookie: async () => undefined, code: "unauthenticated" },
  {
    who: "an expired token",
    cookie: () => token("ada", { expiredAgoSec: 60 }),
    code: "unauthenticated",
  },
  {
    who: "a token signed by another key",
    cookie: () => token("ada", { key: new TextEncoder().encode("x".repeat(48)) }),
    code: "unauthenticated",
  },
  {
    who: "a viewer's session",
    cookie: async () => cookieOf(stateOf("vera")),
    code: "forbidden",
    lacks: ["manage", "administer"],
  },
  {
    who: "an operator's session",
    cookie: async () => cookieOf(stateOf("oscar")),
    code: "forbidden",
    lacks: ["administer"],
  },
  {
    who: "a session that lacks the project",
    cookie: async () => cookieOf(stateOf("sam")),
    code: "forbidden",
  },
];

for (const c of callers) {
  test(`with ${c.who}, every registry entry that needs ${c.lacks ? c.lacks.join(" or ") : "a session in the project"} is refused and LiveKit is unchanged`, async ({
    request,
  }) => {
    const cookie = await c.cookie();
    const entries = CATALOG.filter((e) => !c.lacks || c.lacks.includes(e.permission));
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) {
      const { status, body } = await callEntry(request, e, cookie);
      expect(body, e.key).toContain(`"ok":false`);
      expect(body, e.key).toContain(`"code":"${c.code}"`);
      if (status !== undefined)
        expect(status, e.key).toBe(c.code === "unauthenticated" ? 401 : 403);
    }
    expect(await lk.listRooms([FRESH])).toEqual([]);
    const [target] = await lk.listRooms([TARGET]);
    expect({ max: target?.maxParticipants, metadata: target?.metadata }).toEqual({
      max: 7,
      metadata: "",
    });
  });
}

test("each entry is let through for a role that has its permission, so the refusals above are real", async ({
  request,
}) => {
  const who = { view: "vera", manage: "oscar", administer: "ada" } as const;
  // Reads only (unaudited): the changes stay refused-only here (their success paths have suites
  // of their own; admins change SIP trunks and rules, so "administer" holds changes too).
  for (const e of CATALOG.filter((x) => !x.audited)) {
    const { status, body } = await callEntry(request, e, cookieOf(stateOf(who[e.permission])));
    expect(body, e.key).not.toMatch(/"code":"(unauthenticated|forbidden|invalid_input)"/);
    if (status !== undefined) expect([200, 404], e.key).toContain(status);
  }
});
