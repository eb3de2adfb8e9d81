import { expect, test } from "@playwright/test";
import fc from "fast-check";
import { decodeJwt } from "jose";
import { E2E, E2E_KEYS, stateOf } from "../support/e2e-env";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";
import { AgentDispatchClient } from "livekit-server-sdk";
import assert from "node:assert/strict";
import { CATALOG } from "../support/catalog";
import { IngressClient, IngressInput, SipClient } from "livekit-server-sdk";
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
// 250 in `npm test` (34 actions: ~8,500 requests, a new seed each run); `npm run test:fuzz`
// sends 1,000 each (~5 minutes on two cores), kept out of the suite's 15-minute budget.
const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
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

// SIP: numbers in E.164 and ids of trunks and rules that exist (made in beforeAll), or not.
const sip = new SipClient(`http://127.0.0.1:${PORTS.e2e}`, E2E_KEYS.apiKey, E2E_KEYS.apiSecret);
const known = {
  inbound: [] as string[],
  outbound: [] as string[],
  rules: [] as string[],
  ingress: [] as string[],
  /** Inputs the delete generator may take: made for it, and those created during the run. */
  doomed: [] as string[],
};
const ingress = new IngressClient(
  `http://127.0.0.1:${PORTS.e2e}`,
  E2E_KEYS.apiKey,
  E2E_KEYS.apiSecret,
);
const idFrom = (pool: string[], prefix: string) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.nat().map((i) => pool[i % pool.length] ?? `${prefix}_none`) },
    { weight: 1, arbitrary: fc.constant(`${prefix}_doesnotexist1`) },
  );
const e164 = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.integer({ min: 2_000_000_000, max: 9_999_999_999 }).map((n) => `+1${n}`),
  },
  { weight: 1, arbitrary: fc.constantFrom("5551234", "+0123", "+1 555 123", "tel:+15551234567") },
);
const sipNumbers = fc.array(e164, { maxLength: 3 });
const sipAddress = fc.oneof(
  fc.constantFrom(
    "203.0.113.0/24",
    "sip.example.com",
    "198.51.100.7:5061",
    "[::1]:5060",
    "::1/129",
  ),
  weirdText,
);
// Plausible values (with a few near misses), so that successes happen and are checked in
// LiveKit: `inputs` already puts a weird value in any field one time in five.
const sipName = fc.string({ minLength: 1, maxLength: 30 }).map((n) => `fuzz ${n}`);
const sipText = fc.constantFrom("", '{"team":"support"}', "{not json");
const credentials = {
  authUsername: fc.constantFrom("", "carrier", "a b"),
  authPassword: maybe(fc.constantFrom("", "fuzz-trunk-pass")),
  metadata: sipText,
};
const inboundFields = {
  name: sipName,
  numbers: sipNumbers,
  allowedAddresses: fc.array(sipAddress, { maxLength: 2 }),
  allowedNumbers: sipNumbers,
  ...credentials,
};
const outboundFields = {
  name: sipName,
  address: sipAddress,
  transport: fc.constantFrom("auto", "udp", "tcp", "tls", "sctp"),
  numbers: sipNumbers,
  ...credentials,
};
const ruleFields = {
  name: sipName,
  kind: fc.constantFrom("direct", "individual", "callee"),
  roomName: fc.oneof(fc.constant(""), roomName),
  roomPrefix: fc.constantFrom("call-", "", "a b"),
  pin: maybe(fc.constantFrom("", "1234", "12a")),
  trunkIds: fc.array(idFrom(known.inbound, "ST"), { maxLength: 2 }),
  hidePhoneNumber: fc.boolean(),
  attributes: fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), {
    maxKeys: 3,
  }),
  agents: fc.array(fc.record({ agentName: sipName, metadata: fc.constant("") }), {
    maxLength: 2,
  }),
  metadata: sipText,
};

// Egress: ids in LiveKit's format now and then (an unknown one is refused by LiveKit's list at
// once); starts that pass the form rarely (with no egress service each waits in the background).
const egressId = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom("EG_doesnotexist1", "EG_x") },
  { weight: 4, arbitrary: weirdText },
);
const streamUrls = fc.array(
  fc.constantFrom(
    "rtmp://live.example.com/app/fuzz-key",
    "rtmps://h:443/a/k",
    "https://x/k",
    "rtmp://",
  ),
  { maxLength: 2 },
);
const egressLayout = fc.constantFrom("grid", "speaker", "single-speaker-light", "mosaic", "../x");
// Stream inputs: LiveKit's presets and ids, and URL inputs rarely (each waits 3 s for a worker).
const ingressFields = {
  ...room,
  name: sipName,
  identity: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom("cam-1", "stage cam", "🎥 cam") },
    { weight: 1, arbitrary: fc.constantFrom(" lead", "x".repeat(129), "a\tb") },
    { weight: 1, arbitrary: weirdText },
  ),
  participantName: maybe(fc.oneof(fc.constantFrom("Camera", ""), weirdText)),
  transcoding: maybe(fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, fc.boolean())),
  audioPreset: maybe(fc.constantFrom("", "opus_mono_64kbs", "opus_stereo_96kbps", "aac")),
  videoPreset: maybe(fc.constantFrom("", "h264_720p_30fps_1_layer", "h264_4k")),
};
const ingressType = fc.oneof(
  { weight: 16, arbitrary: fc.constantFrom("rtmp", "whip") },
  { weight: 2, arbitrary: fc.constantFrom("srt", "RTMP") },
  { weight: 1, arbitrary: fc.constant("url") },
);
const ingressSource = maybe(
  fc.constantFrom("", "https://example.com/x.m3u8", "ftp://x/y", "javascript:alert(1)", "srt:x"),
);

/** Hand-written where a generic one would miss what matters (typed confirmations, LiveKit ids). */
const HAND_WRITTEN: Record<string, fc.Arbitrary<unknown>> = {
  // One in ten a start the form accepts: in a pool room it waits for an egress service that
  // is not there (answered "pending" in ~1.5 s), elsewhere LiveKit says the room does not exist.
  startEgress: fc.oneof(
    {
      weight: 1,
      arbitrary: fc.record({
        project: fc.constant("main"),
        room: roomName,
        kind: fc.constant("room_composite"),
        audioOnly: fc.constant(true),
        output: fc.constant("file"),
        filepath: fc.constant("rec/{room_name}-{time}.ogg"),
      }),
    },
    {
      weight: 9,
      arbitrary: inputs({
        room: roomName,
        kind: fc.constantFrom("room_composite", "participant", "track", "web"),
        audioOnly: fc.boolean(),
        layout: egressLayout,
        identity: fc.constantFrom("", "alice", "x".repeat(300)),
        trackId: fc.constantFrom("", "TR_abc123", "TR_"),
        output: fc.constantFrom("file", "stream", "s3"),
        filepath: fc.oneof(
          {
            weight: 6,
            arbitrary: fc.constantFrom("../a.mp4", "/abs.mp4", "a.exe", "C:/a.mp4", "a\\b.ogg", ""),
          },
          { weight: 1, arbitrary: fc.constantFrom("rec/{room_name}-{time}.mp4", "a.ogg") },
        ),
        urls: streamUrls,
        preset: fc.constantFrom("H264_720P_30", "H264_1080P_60", "H265_4K"),
        audioCodec: fc.constantFrom("opus", "aac", "mp3"),
      }),
    },
  ),
  cancelEgressStart: inputs({ startId: fc.oneof(fc.nat({ max: 1_000_000 }), weirdNumber) }),
  stopEgress: inputs({ egressId }),
  updateEgressLayout: inputs({ egressId, layout: egressLayout }),
  updateEgressStream: inputs({
    egressId,
    addUrls: streamUrls,
    removeRefs: fc.array(fc.constantFrom("0123456789ab", "zz"), { maxLength: 2 }),
  }),
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
  createInboundTrunk: inputs(inboundFields),
  updateInboundTrunk: inputs({ ...inboundFields, id: idFrom(known.inbound, "ST") }),
  createOutboundTrunk: inputs(outboundFields),
  updateOutboundTrunk: inputs({ ...outboundFields, id: idFrom(known.outbound, "ST") }),
  deleteTrunk: inputs({ id: idFrom([...known.inbound, ...known.outbound], "ST") }),
  createDispatchRule: inputs(ruleFields),
  updateDispatchRule: inputs({ ...ruleFields, id: idFrom(known.rules, "SDR") }),
  deleteDispatchRule: inputs({ id: idFrom(known.rules, "SDR") }),
  // A real trunk costs ~1 s (LiveKit waits for a SIP service that is not there): rarely.
  placeCall: inputs({
    trunkId: fc.oneof(
      { weight: 1, arbitrary: idFrom(known.outbound, "ST") },
      { weight: 30, arbitrary: fc.constantFrom("ST_doesnotexist1", "ST_x") },
    ),
    number: e164,
    room: roomName,
    identity: fc.constantFrom("", "caller-1", "a b"),
    waitUntilAnswered: fc.boolean(),
    ringingTimeoutSec: fc.integer({ min: 0, max: 130 }),
    maxDurationSec: fc.integer({ min: 30, max: 86_400 }),
    dtmf: fc.constantFrom("", "1234#", "ww1", "x"),
    playDialtone: fc.boolean(),
  }),
  createIngress: inputs({ ...ingressFields, inputType: ingressType, url: ingressSource }),
  updateIngress: inputs({ ...ingressFields, id: idFrom(known.ingress, "IN") }),
  deleteIngress: inputs({ id: idFrom(known.doomed, "IN") }),
  revealIngress: inputs({ id: idFrom(known.ingress, "IN") }),
  // Watch: rooms of the pool (some exist), and identities of the caller's own form (admin-only
  // actions are fuzzed as ada), so some starts mint a token and some ends reach LiveKit.
  startWatch: inputs(room),
  endWatch: inputs({
    ...room,
    identity: fc.oneof(
      fc.constantFrom("console-watch:ada:1a2b3c4d", "console-watch:oscar:1", "console-watch:ada"),
      weirdText,
    ),
    reason: maybe(
      fc.oneof(fc.constantFrom("stopped", "left", "maximum", "disconnected"), weirdText),
    ),
  }),
  transferCall: inputs({
    ...room,
    identity: weirdText,
    transferTo: fc.constantFrom("tel:+15551234567", "sip:desk@example.com", "+15551234567"),
  }),
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
  const id = (data?.id ?? input.id) as string;
  if (/^(create|update)(In|Out)boundTrunk$/.test(name)) {
    const [t] = name.includes("Inbound")
      ? await sip.listSipInboundTrunk({ trunkIds: [id] })
      : await sip.listSipOutboundTrunk({ trunkIds: [id] });
    // As answered, and the answer holds no password.
    return t?.name === data?.name && !("authPassword" in (data ?? {}));
  }
  if (name === "deleteTrunk")
    return (
      (await sip.listSipInboundTrunk({ trunkIds: [id] })).length +
        (await sip.listSipOutboundTrunk({ trunkIds: [id] })).length ===
      0
    );
  if (name === "createDispatchRule" || name === "updateDispatchRule")
    return (await sip.listSipDispatchRule({ dispatchRuleIds: [id] }))[0]?.name === data?.name;
  if (name === "deleteDispatchRule")
    return (await sip.listSipDispatchRule({ dispatchRuleIds: [id] })).length === 0;
  if (name === "placeCall") return false; // no SIP service runs: a call cannot succeed
  // No egress service runs: a start can only be waiting (its outcome comes ~22 s later).
  if (name === "startEgress") return data?.state === "pending";
  // Only a pending start can be cancelled, and none is (no egress service answers instantly).
  if (name === "cancelEgressStart") return ["cancelled", "failed"].includes(String(data?.state));
  if (/^(stop|update)Egress/.test(name)) return false; // no egress can exist without a service
  if (/Ingress$/.test(name)) {
    const [stored] = await ingress.listIngress({ ingressId: id }).catch(() => []);
    if (name === "deleteIngress") return stored === undefined;
    // The key only in a reveal, and then LiveKit's own; never in a create or an edit.
    if (name === "revealIngress") return stored?.streamKey === data?.streamKey;
    if (name === "createIngress" && stored) known.doomed.push(id);
    return stored?.name === data?.name && !("streamKey" in (data ?? {}));
  }
  if (name === "createDispatch") {
    const id = (data as { id?: unknown } | undefined)?.id;
    return (await ads.listDispatch(input.room as string)).some((d) => d.id === id);
  }
  if (name === "startWatch") {
    // A token for this room only, hidden and subscribe-only.
    const { video } = decodeJwt(String(data?.token)) as { video?: Record<string, unknown> };
    return video?.room === input.room && video?.hidden === true && video?.canPublish === false;
  }
  if (name === "endWatch")
    return !(await lk.listParticipants(input.room as string).catch(() => [])).some(
      (p) => p.identity === input.identity,
    );
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
  known.inbound.push((await sip.createSipInboundTrunk("fuzz in", ["+15559990001"])).sipTrunkId);
  known.outbound.push(
    (await sip.createSipOutboundTrunk("fuzz out", "sip.example.com", ["+15559990002"])).sipTrunkId,
  );
  known.rules.push(
    (await sip.createSipDispatchRule({ type: "individual", roomPrefix: `${PREFIX}-` }))
      .sipDispatchRuleId,
  );
  for (const n of [1, 2, 3, 4, 5, 6]) {
    const made = await ingress.createIngress(IngressInput.RTMP_INPUT, {
      name: `fuzz in ${n}`,
      roomName: POOL[n]!,
      participantIdentity: `fuzz-cam-${n}`,
    });
    (n <= 3 ? known.ingress : known.doomed).push(made.ingressId);
  }
});
test.afterAll(async () => {
  const left = (await lk.listRooms()).filter((r) => r.name.startsWith(PREFIX));
  await Promise.all(left.map((r) => lk.deleteRoom(r.name).catch(() => undefined)));
  // Every trunk and rule: main's LiveKit has them only for this suite's run (its own Redis db).
  const trunks = [...(await sip.listSipInboundTrunk()), ...(await sip.listSipOutboundTrunk())];
  for (const t of trunks) await sip.deleteSipTrunk(t.sipTrunkId).catch(() => undefined);
  for (const r of await sip.listSipDispatchRule())
    await sip.deleteSipDispatchRule(r.sipDispatchRuleId).catch(() => undefined);
  for (const i of await ingress.listIngress({}))
    await ingress.deleteIngress(i.ingressId).catch(() => undefined);
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
  // Trunks and rules route real phone numbers: only admins change them.
  const admin = cookieOf(stateOf("ada"));
  const permission = Object.fromEntries(ACTIONS.map((e) => [e.key, e.permission]));
  expect(names.filter((name) => !INPUTS[name])).toEqual([]);
  const tally: Record<string, Record<string, number>> = {};
  const started = Date.now();
  const slowest: Record<string, number> = {};
  // Within a lane, one action after another: parallel streams would race on the same rooms.
  // Lanes touch different things in LiveKit (rooms and their participants, SIP's trunks and
  // rules), so they run side by side.
  const laneOf = (name: string) =>
    /Trunk$|DispatchRule$|Call$/.test(name)
      ? "sip"
      : /Egress|Ingress/.test(name)
        ? "media"
        : "rooms";
  const lanes = new Map<string, [number, string][]>();
  for (const [i, name] of names.entries()) {
    const lane = lanes.get(laneOf(name)) ?? [];
    lanes.set(laneOf(name), [...lane, [i, name]]);
  }
  const runLane = async (lane: [number, string][]) => {
    for (const [i, name] of lane) {
      const t = Date.now();
      // Plain fetch and node:assert here: Playwright records each request and expect as a step,
      // and 9,000 of them slow every later one down.
      await fc.assert(
        fc.asyncProperty(INPUTS[name]!, async (input) => {
          const action = actions.find((a) => a.name === name)!;
          const t0 = Date.now();
          const res = await post(action, input, permission[name] === "administer" ? admin : cookie);
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
            // Another project's; or a start someone else sent (other specs' starts have ids
            // the generator reaches), which only its sender or an admin may cancel.
            const own = (input as { project?: unknown } | null)?.project === "main";
            assert.ok(
              !own ||
                (name === "cancelEgressStart" &&
                  /^Only .+, who sent this start, or an admin can cancel it\.$/.test(
                    answer.error!.message ?? "",
                  )),
              `${name} refused as forbidden in its own project: ${answer.error!.message}`,
            );
          } else {
            assert.ok(TYPED_REFUSALS.has(answer.error!.code), `${name}: ${answer.error!.code}`);
          }
        }),
        { numRuns: RUNS, seed: SEED + i, endOnFailure: true },
      );
      console.log(`fuzz ${name}: ${RUNS} inputs in ${Date.now() - t} ms`);
    }
  };
  await Promise.all([...lanes.values()].map(runLane));
  console.log(`fuzz answers by action: ${JSON.stringify(tally)}`);
  console.log(
    `fuzz: ${RUNS * names.length} requests in ${Date.now() - started} ms; slowest answer per action (ms): ${JSON.stringify(slowest)}`,
  );
  expect((await request.get("/api/health")).status()).toBe(200);
  expect((await request.get("/api/p/main/rooms")).status()).toBe(200);
});
