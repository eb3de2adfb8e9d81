import { expect, test } from "@playwright/test";
import fc from "fast-check";
import { E2E, E2E_KEYS, stateOf } from "../support/e2e-env";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";
import { AgentDispatchClient } from "livekit-server-sdk";
import assert from "node:assert/strict";
import { CATALOG } from "../support/catalog";
import {
  builtActions,
  cookieOf,
  encodeLikeReact,
  resultOf,
  type ActionAnswer,
  type BuiltAction,
} from "../support/server-actions";

/**
 * Generated inputs, sent over HTTP to every server action of the registry as a signed-in operator:
 * names, numbers, metadata, wrong types, missing and extra fields, huge values. Every answer
 * must be a typed refusal that names its field, a typed upstream answer (not found, …), or a
 * success that LiveKit confirms. Never a 5xx. Replay a failure with FUZZ_SEED=<seed printed>.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
// Chosen once per run in playwright.config.ts, so every worker uses the same one.
const SEED = Number(process.env.FUZZ_SEED);
const lk = sdk(PORTS.e2e, E2E_KEYS.apiKey, E2E_KEYS.apiSecret);
const ads = new AgentDispatchClient(
  `http://127.0.0.1:${PORTS.e2e}`,
  E2E_KEYS.apiKey,
  E2E_KEYS.apiSecret,
);
const PREFIX = uniqueRoom("fuzz");
const POOL = Array.from({ length: 12 }, (_, i) => `${PREFIX}-pool-${i}`);
const actions = builtActions({ project: "main", room: POOL[0]! });

// Typed answers that are not a field error but are honest upstream facts.
const TYPED_REFUSALS = new Set([
  "not_found",
  "already_exists",
  "impact_changed",
  "conflict",
  "rejected",
]);

const weirdText = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    " lead",
    "trail ",
    "\u200B",
    "\u202Eevil\u202C",
    "a\u0000b",
    "../x",
    "per%cent",
    "q?x=1",
    "🎉 party",
    "{not json",
    '{"ok":true}',
    "x".repeat(300),
    "é".repeat(600_000),
  ),
);
const weirdNumber = fc.oneof(
  { weight: 4, arbitrary: fc.nat({ max: 100_000 }).map(String) },
  fc.integer(),
  fc.double(),
  fc.constantFrom("0x10", "1e3", "1.5", "+5", "-1", "4294967296", "007", " 12 ", "", "NaN"),
);
const anything: fc.Arbitrary<unknown> = fc.oneof(
  weirdText,
  weirdNumber,
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);
const roomName = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...POOL) },
  { weight: 2, arbitrary: fc.nat({ max: 9999 }).map((n) => `${PREFIX}-new-${n}`) },
  { weight: 1, arbitrary: weirdText },
);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });

/** A plausible input with every field sometimes wrong, missing, or joined by extras. */
function inputs(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const record = fc.record(
    Object.fromEntries(
      Object.entries(fields).map(([k, good]) => [
        k,
        fc.oneof({ weight: 4, arbitrary: good }, { weight: 1, arbitrary: anything }),
      ]),
    ),
    { requiredKeys: [] },
  );
  return fc.oneof(
    { weight: 8, arbitrary: record.map((r) => ({ project: "main", ...r })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(record, fc.dictionary(fc.string({ maxLength: 8 }), anything, { maxKeys: 3 }))
        .map(([r, extra]) => ({ ...extra, project: "main", ...r })),
    },
    { weight: 1, arbitrary: anything },
  );
}

/**
 * A field's generator from its JSON Schema (the catalog's view of the zod input): mostly
 * plausible values, always with the weird ones mixed in. Room names come from the pool.
 */
function fieldOf(key: string, s: Record<string, unknown>): fc.Arbitrary<unknown> {
  if (Array.isArray(s.enum)) return fc.oneof(fc.constantFrom(...(s.enum as unknown[])), weirdText);
  if (s.type === "string") {
    if (key === "room" || key === "name") return roomName;
    if (s.format === "uuid") return fc.oneof(fc.uuid(), weirdText);
    return weirdText;
  }
  if (s.type === "integer" || s.type === "number") return weirdNumber;
  if (s.type === "boolean") return fc.oneof({ weight: 4, arbitrary: fc.boolean() }, anything);
  if (s.type === "array") {
    const items = (s.items ?? {}) as Record<string, unknown>;
    return fc.array(fieldOf(key === "rooms" ? "room" : key, items), { maxLength: 4 });
  }
  return anything;
}

/** Inputs for an action without a hand-written generator; undefined when its schema is not an object. */
function derived(schema: Record<string, unknown>): fc.Arbitrary<unknown> | undefined {
  if (schema.type !== "object" || typeof schema.properties !== "object") return undefined;
  const props = schema.properties as Record<string, Record<string, unknown>>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return inputs(
    Object.fromEntries(
      Object.entries(props).map(([k, s]) => [
        k,
        required.has(k) ? fieldOf(k, s) : maybe(fieldOf(k, s)),
      ]),
    ),
  );
}

const room = { room: roomName };
/** Hand-written where a generic one would miss what matters (typed confirmations, LiveKit ids). */
const HAND_WRITTEN: Record<string, fc.Arbitrary<unknown>> = {
  createRoom: inputs({
    name: roomName,
    emptyTimeout: maybe(weirdNumber),
    departureTimeout: maybe(weirdNumber),
    maxParticipants: maybe(weirdNumber),
    metadata: maybe(weirdText),
    minPlayoutDelay: maybe(weirdNumber),
    maxPlayoutDelay: maybe(weirdNumber),
    syncStreams: maybe(fc.oneof(fc.boolean(), fc.constantFrom("on", "", "true"))),
    agents: maybe(fc.oneof(fc.constantFrom("fuzz-agent", "a, b", "a,a", ""), weirdText)),
  }),
  // Agent names and metadata that pass (JSON) often enough to reach LiveKit; dispatch ids in
  // LiveKit's format, which a schema-derived string would almost never hit.
  createDispatch: inputs({
    ...room,
    agentName: fc.oneof(fc.constantFrom("fuzz-agent", "demo-agent", "a.b:c-d"), weirdText),
    metadata: maybe(fc.oneof(fc.constantFrom("", '{"a":1}', "[1,2]", "null", "{oops"), weirdText)),
  }),
  deleteDispatch: inputs({
    ...room,
    dispatchId: fc.oneof(fc.stringMatching(/^AD_[A-Za-z0-9]{12}$/), weirdText),
    removeAgents: maybe(fc.array(weirdText, { maxLength: 3 })),
  }),
  deleteRoom: inputs({
    name: roomName,
    confirmedParticipants: fc.oneof(fc.constant(0), weirdNumber),
    typedName: maybe(weirdText),
  }),
  removeParticipant: inputs({ ...room, identity: weirdText }),
  muteTrack: inputs({
    ...room,
    identity: weirdText,
    trackSid: fc.oneof(fc.constant("TR_abc123"), weirdText),
    muted: fc.boolean(),
  }),
  updateParticipant: inputs({
    ...room,
    identity: weirdText,
    name: weirdText,
    metadata: weirdText,
    canPublish: fc.boolean(),
    canSubscribe: fc.boolean(),
    canPublishData: fc.boolean(),
    hidden: fc.boolean(),
  }),
  updateRoomMetadata: inputs({ ...room, metadata: weirdText }),
  sendData: inputs({ ...room, topic: weirdText, text: weirdText }),
  startBulkDelete: inputs({
    rooms: fc.array(roomName, { maxLength: 4 }),
    typed: maybe(
      fc.oneof(
        weirdText,
        fc.nat({ max: 4 }).map((n) => `delete ${n} rooms`),
      ),
    ),
  }),
  cancelBulkDelete: inputs({ jobId: fc.oneof(fc.uuid(), weirdText) }),
};

async function post(action: BuiltAction, input: unknown, cookie: string) {
  const res = await fetch(`${E2E.app}${action.page}`, {
    method: "POST",
    headers: {
      "Next-Action": action.id,
      "Content-Type": "text/plain;charset=UTF-8",
      Origin: E2E.app,
      Cookie: `lka_session=${cookie}`,
    },
    body: JSON.stringify([encodeLikeReact(input)]),
  });
  return { status: res.status, body: await res.text() };
}

type Answer = ActionAnswer;

/** A success must be true in LiveKit itself. */
async function confirmed(name: string, input: Record<string, unknown>, data: Answer["data"]) {
  if (name === "createRoom") {
    const [r] = await lk.listRooms([input.name as string]);
    return r !== undefined;
  }
  if (name === "deleteRoom") return (await lk.listRooms([input.name as string])).length === 0;
  if (name === "updateRoomMetadata") {
    const [r] = await lk.listRooms([input.room as string]);
    return r === undefined || r.metadata === input.metadata; // deleted since, or as written
  }
  if (name === "startBulkDelete") return data?.total === (input.rooms as unknown[]).length;
  if (name === "createDispatch") {
    const id = (data as { id?: unknown } | undefined)?.id;
    return (await ads.listDispatch(input.room as string)).some((d) => d.id === id);
  }
  return true; // controls on a participant: LiveKit answered them without error
}

// Every action of the registry: its hand-written generator, or one made from its schema.
const ACTIONS = CATALOG.filter((e) => e.action);
const INPUTS: Record<string, fc.Arbitrary<unknown> | undefined> = Object.fromEntries(
  ACTIONS.map((e) => [e.key, HAND_WRITTEN[e.key] ?? derived(e.input)]),
);

// Tracing would record all 9,000 requests and slow each one down as it grows.
test.use({ storageState: stateOf("oscar"), trace: "off" });

test.beforeAll(async () => {
  for (const name of POOL) await lk.createRoom({ name });
});
test.afterAll(async () => {
  const left = (await lk.listRooms()).filter((r) => r.name.startsWith(PREFIX));
  await Promise.all(left.map((r) => lk.deleteRoom(r.name).catch(() => undefined)));
});

test("every action of the registry has a generator, and every hand-written one an action", () => {
  expect(ACTIONS.filter((e) => !INPUTS[e.key]).map((e) => e.key)).toEqual([]);
  expect(Object.keys(HAND_WRITTEN).filter((k) => !ACTIONS.some((e) => e.key === k))).toEqual([]);
  expect(actions.map((a) => a.name).sort()).toEqual(ACTIONS.map((e) => e.key).sort());
});

test(`every action, ${RUNS} generated inputs each: typed answers only, no 5xx`, async ({
  request,
}) => {
  const names = ACTIONS.map((e) => e.key);
  test.setTimeout(80_000 * names.length);
  console.log(`fuzz seed ${SEED} (replay: FUZZ_SEED=${SEED})`);
  const cookie = cookieOf(stateOf("oscar"));
  expect(names.filter((name) => !INPUTS[name])).toEqual([]);
  const tally: Record<string, Record<string, number>> = {};
  const started = Date.now();
  const slowest: Record<string, number> = {};
  // One action after another: parallel streams would race on the same rooms.
  for (const [i, name] of names.entries()) {
    const t = Date.now();
    // Plain fetch and node:assert here: Playwright records each request and expect as a step,
    // and 9,000 of them slow every later one down.
    await fc.assert(
      fc.asyncProperty(INPUTS[name]!, async (input) => {
        const action = actions.find((a) => a.name === name)!;
        const t0 = Date.now();
        const res = await post(action, input, cookie);
        slowest[name] = Math.max(slowest[name] ?? 0, Date.now() - t0);
        assert.ok(res.status < 500, `${name} answered ${res.status}`);
        const answer = res.status < 400 ? resultOf(res.body) : undefined;
        const kind = res.status >= 400 ? `http ${res.status}` : (answer?.error?.code ?? "ok");
        (tally[name] ??= {})[kind] = (tally[name][kind] ?? 0) + 1;
        if (res.status >= 400) return; // refused before the action (too big a body)
        assert.ok(answer, `${name}: no typed result in ${res.body.slice(0, 200)}`);
        if (answer.ok) {
          assert.ok(
            await confirmed(name, input as Record<string, unknown>, answer.data),
            `${name} claimed success for ${JSON.stringify(input).slice(0, 200)}`,
          );
        } else if (answer.error!.code === "invalid_input") {
          assert.ok(
            Object.keys(answer.error!.fieldErrors ?? {}).length > 0,
            `${name}: no field named`,
          );
        } else if (answer.error!.code === "forbidden") {
          assert.notEqual((input as { project?: unknown } | null)?.project, "main");
        } else {
          assert.ok(TYPED_REFUSALS.has(answer.error!.code), `${name}: ${answer.error!.code}`);
        }
      }),
      { numRuns: RUNS, seed: SEED + i, endOnFailure: true },
    );
    console.log(`fuzz ${name}: ${RUNS} inputs in ${Date.now() - t} ms`);
  }
  console.log(`fuzz answers by action: ${JSON.stringify(tally)}`);
  console.log(
    `fuzz: ${RUNS * names.length} requests in ${Date.now() - started} ms; slowest answer per action (ms): ${JSON.stringify(slowest)}`,
  );
  expect((await request.get("/api/health")).status()).toBe(200);
  expect((await request.get("/api/p/main/rooms")).status()).toBe(200);
});
