import { expect, test } from "@playwright/test";
import { SignJWT } from "jose";
import { E2E, E2E_KEYS, E2E_SESSION_SECRET, stateOf } from "../support/e2e-env";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";
import { builtActions, callAction, cookieOf } from "../support/server-actions";

/**
 * Server actions are public HTTP endpoints. Every action the build contains, and every
 * data route, is called here directly (no UI) by callers who must be refused.
 */
const TARGET = uniqueRoom("guarded");
const FRESH = uniqueRoom("never-created");
const actions = builtActions({ project: "main", room: TARGET });

const lk = sdk(PORTS.e2e, E2E_KEYS.apiKey, E2E_KEYS.apiSecret);
/** Every GET route that reads LiveKit data. */
const DATA_ROUTES = [
  "/api/p/main/rooms",
  `/api/p/main/rooms/${encodeURIComponent(TARGET)}`,
  "/api/p/main/attention",
  "/api/p/main/audit/csv",
];

/** A valid input per action; an action missing here fails the suite until it is added. */
const INPUTS: Record<string, unknown> = {
  createRoom: { project: "main", name: FRESH },
  deleteRoom: { project: "main", name: TARGET, confirmedParticipants: 0 },
  getDeleteImpact: { project: "main", name: TARGET },
  removeParticipant: { project: "main", room: TARGET, identity: "someone" },
  muteTrack: {
    project: "main",
    room: TARGET,
    identity: "someone",
    trackSid: "TR_abc123",
    muted: true,
  },
  updateParticipant: {
    project: "main",
    room: TARGET,
    identity: "someone",
    name: "x",
    metadata: "",
    canPublish: true,
    canSubscribe: true,
    canPublishData: true,
    hidden: true,
  },
  updateRoomMetadata: { project: "main", room: TARGET, metadata: "changed by a stranger" },
  sendData: { project: "main", room: TARGET, topic: "", text: "hello from a stranger" },
  previewBulkDelete: { project: "main", rooms: [TARGET] },
  startBulkDelete: { project: "main", rooms: [TARGET], typed: "delete 1 rooms" },
  cancelBulkDelete: { project: "main", jobId: "7d1f0a7e-3c56-4a8e-9b0e-2f4c1d5e6a7b" },
};
const MUTATIONS = new Set([
  "createRoom",
  "deleteRoom",
  "removeParticipant",
  "muteTrack",
  "updateParticipant",
  "updateRoomMetadata",
  "sendData",
  "startBulkDelete",
  "cancelBulkDelete",
]);

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

test("the build's actions are the ones this suite knows", () => {
  expect(actions.map((a) => a.name).sort()).toEqual(Object.keys(INPUTS).sort());
});

const callers: {
  who: string;
  cookie: () => Promise<string | undefined>;
  code: string;
  only?: "mutations";
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
    only: "mutations",
  },
  {
    who: "a session that lacks the project",
    cookie: async () => cookieOf(stateOf("sam")),
    code: "forbidden",
  },
];

for (const c of callers) {
  test(`with ${c.who}, every ${c.only === "mutations" ? "mutation" : "action and data route"} is refused and LiveKit is unchanged`, async ({
    request,
  }) => {
    const cookie = await c.cookie();
    for (const a of actions) {
      if (c.only === "mutations" && !MUTATIONS.has(a.name)) continue;
      const { body } = await callAction(request, a, INPUTS[a.name], { cookie, origin: E2E.app });
      expect(body, a.name).toContain(`"ok":false`);
      expect(body, a.name).toContain(`"code":"${c.code}"`);
    }
    if (c.only !== "mutations") {
      for (const route of DATA_ROUTES) {
        const res = await request.get(route, {
          headers: cookie ? { Cookie: `lka_session=${cookie}` } : {},
        });
        expect(res.status(), route).toBe(c.code === "unauthenticated" ? 401 : 403);
        expect(await res.json()).toMatchObject({ ok: false, error: { code: c.code } });
      }
    }
    expect(await lk.listRooms([FRESH])).toEqual([]);
    const [target] = await lk.listRooms([TARGET]);
    expect({ max: target?.maxParticipants, metadata: target?.metadata }).toEqual({
      max: 7,
      metadata: "",
    });
  });
}

test("the same calls succeed for an operator, so the refusals above are real", async ({
  request,
}) => {
  const cookie = cookieOf(stateOf("ada"));
  const a = actions.find((x) => x.name === "getDeleteImpact")!;
  const impact = await callAction(request, a, INPUTS.getDeleteImpact, { cookie, origin: E2E.app });
  expect(impact.body).toContain(`"ok":true`);
  for (const route of DATA_ROUTES) {
    const res = await request.get(route, { headers: { Cookie: `lka_session=${cookie}` } });
    expect(res.status(), route).toBe(200);
  }
});
