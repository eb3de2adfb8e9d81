import "server-only";
import type { AgentDispatchClient, RoomServiceClient } from "livekit-server-sdk";
import type { LiveKitTarget } from "@/lib/config-schema";
import { forEachLimited, forEachYielding, giveWay } from "@/lib/concurrency";
import { settings } from "@/lib/env";
import { readBudget, roomsPoll, valueOf } from "@/lib/live/snapshots";
import { SharedPoll } from "@/lib/live/shared-poll";
import {
  looksEmptyTooLong,
  observe,
  reasonsFor,
  type AttentionConfig,
  type Observation,
  type Reason,
} from "@/lib/rooms/attention";
import { toParticipantView, type ParticipantView } from "@/lib/rooms/participant-view";
import type { RoomView } from "@/lib/rooms/view";
import { processSingleton } from "@/lib/process-singleton";
import { agentReasons } from "@/lib/agents/attention";
import { readDispatchesFor, type DispatchRead } from "@/lib/agents/attention-reads";
import { isWatcher } from "@/lib/watch/identity";

export const ATTENTION_INTERVAL_MS = 5_000;
/**
 * Participant lists read at once. Each read costs this thread ~1.4 ms (the SDK signs a token
 * per call, then the fetch and the parse): 16 at once held it for 70-90 ms every scan at
 * 10,000 rooms, and a search typed meanwhile waited behind them. A few at a time, each
 * started only once the operator's requests are answered (giveWay), the scan's 50 reads still
 * take well under its 5 s.
 */
const READ_CONCURRENCY = 4;
/** A list read this long ago is read again (who is in a room changes). */
const PEOPLE_MAX_AGE_MS = 60_000;

type PeopleRead = { people: ParticipantView[]; atMs: number };
type ProjectState = {
  /** Bumped when an observation changes outside a scan (a ghost): results worked out before are stale. */
  generation: number;
  observations: Map<string, Observation>;
  people: Map<string, PeopleRead>;
  /** Agent dispatches of the rooms whose people were read, and agent names seen in each. */
  dispatches: Map<string, DispatchRead>;
  /** Rooms whose last dispatch read found no node hosting them, and when (readDispatchesFor). */
  notOpen: Map<string, number>;
  agentsSeen: Map<string, Set<string>>;
  polls: Map<string, SharedPoll<AttentionInputs>>;
};
/** What one scan gathered; reasons are worked out per request, with the settings of the moment. */
type AttentionInputs = {
  /** When LiveKit listed the rooms the scan read (a read then is current; see `current`). */
  listedAtMs: number;
  participantReads: number;
  candidates: number;
};

/**
 * Per project and LiveKit server: a project pointed at another server (a configuration change)
 * starts afresh, and a scan of one never forgets what was seen on the other (a ghost mark).
 */
const stateOf = (project: string, t: LiveKitTarget): ProjectState => {
  const all = processSingleton("attention", () => new Map<string, ProjectState>());
  const k = `${project}\u0000${t.url}\u0000${t.apiKey}\u0000${t.apiSecret}`;
  let s = all.get(k);
  if (!s)
    all.set(
      k,
      (s = {
        generation: 0,
        observations: new Map(),
        people: new Map(),
        dispatches: new Map(),
        notOpen: new Map(),
        agentsSeen: new Map(),
        polls: new Map(),
      }),
    );
  return s;
};

/** Changes with every observation made outside a scan (see ProjectState.generation). */
export const attentionGeneration = (project: string, target: LiveKitTarget) =>
  stateOf(project, target).generation;

/** Remembers that deleting a room failed while LiveKit still lists it. */
export function markGhost(project: string, target: LiveKitTarget, name: string, why: string) {
  const s = stateOf(project, target);
  s.generation += 1;
  s.observations.set(name, {
    ...(s.observations.get(name) ?? { firstSeenMs: Date.now() }),
    ghost: why,
  });
}

/**
 * A participant list describes the room when it was read after the room's counts were, or
 * while those counts still agree with it. LiveKit's counts leave agents out, so they are left
 * out here too before comparing (else an agent-only room's list would stop counting as soon as
 * the rooms are listed again).
 */
const current = (room: RoomView, read: PeopleRead | undefined, listedAtMs: number) =>
  read &&
  (read.atMs >= listedAtMs ||
    read.people.filter((p) => p.kind !== "agent").length === room.numParticipants)
    ? read.people
    : undefined;

/** A room this young has its list read at every scan: agents join right after it opens. */
const YOUNG_MS = 120_000;

/**
 * The rooms whose list is not known or has aged, most urgent first: rooms that look empty past
 * their timeout (confirm before saying so), then rooms never read, then the longest unread.
 * At most `budget` of them are read per scan.
 */
async function toRead(
  s: ProjectState,
  rooms: RoomView[],
  listedAtMs: number,
  cfg: AttentionConfig,
  nowMs: number,
) {
  const confirm: RoomView[] = [];
  const occupied: { room: RoomView; atMs: number }[] = [];
  await forEachYielding(rooms, (r) => {
    const read = s.people.get(r.name);
    const known = current(r, read, listedAtMs);
    // Read again once old: LiveKit's counts do not show an agent joining a room they call
    // empty, so a room read empty before its agent came must not stay "empty" for good.
    const maxAgeMs = nowMs - r.createdAtMs < YOUNG_MS ? ATTENTION_INTERVAL_MS : PEOPLE_MAX_AGE_MS;
    if (known && nowMs - read!.atMs < maxAgeMs) return;
    // Past its timeout by its counts: confirm before saying so, first.
    if (looksEmptyTooLong(r, s.observations.get(r.name), cfg, nowMs)) confirm.push(r);
    else occupied.push({ room: r, atMs: known ? read!.atMs : 0 });
  });
  occupied.sort((a, b) => a.atMs - b.atMs);
  return [...confirm, ...occupied.map((o) => o.room)];
}

async function scan(
  project: string,
  target: LiveKitTarget,
  rs: RoomServiceClient,
  ads: AgentDispatchClient,
): Promise<AttentionInputs> {
  const cfg = settings();
  const snap = await roomsPoll(project, target).read();
  const rooms = valueOf(snap, target);
  const listedAtMs = snap.fetchedAtMs ?? Date.now();
  const s = stateOf(project, target);
  const nowMs = Date.now();
  const candidates = await toRead(s, rooms, listedAtMs, cfg, nowMs);
  const budget = readBudget(project, target);
  const chosen = candidates.slice(0, cfg.attentionParticipantReads).filter(() => budget.take());
  await forEachLimited(chosen, READ_CONCURRENCY, async (r) => {
    await giveWay();
    try {
      // The console's own hidden watchers are no one the room is waiting for or left alone with.
      const people = (await rs.listParticipants(r.name))
        .filter((p) => !isWatcher(p))
        .map(toParticipantView);
      s.people.set(r.name, { people, atMs: Date.now() });
      const agents = people.flatMap((p) => (p.agent ? [p.agent.name] : []));
      if (agents.length > 0)
        s.agentsSeen.set(r.name, new Set([...(s.agentsSeen.get(r.name) ?? []), ...agents]));
      await readDispatchesFor(s.dispatches, project, target, ads, r.name, budget, {
        since: s.notOpen,
        nobodyIn: people.length === 0,
      });
    } catch {
      /* unread this time; the room's counts stand in */
    }
  });
  const live = new Set<string>();
  await forEachYielding(rooms, (r) => {
    live.add(r.name);
    s.observations.set(
      r.name,
      observe(s.observations.get(r.name), r, current(r, s.people.get(r.name), listedAtMs), nowMs),
    );
  });
  // Forget rooms that are gone, so a reused name starts afresh.
  for (const name of s.observations.keys()) if (!live.has(name)) s.observations.delete(name);
  for (const name of s.people.keys()) if (!live.has(name)) s.people.delete(name);
  for (const m of [s.dispatches, s.notOpen, s.agentsSeen])
    for (const name of m.keys()) if (!live.has(name)) m.delete(name);
  return { listedAtMs, participantReads: chosen.length, candidates: candidates.length };
}

/** What the last scan saw, and how each of its rooms looks now. */
export type LiveAttention = {
  /** The project's latest list of rooms: its shared snapshot as it is, not a copy. */
  rooms: RoomView[];
  /**
   * A room's participant count (its list when read and still current, else LiveKit's count)
   * and the reasons it looks stuck now: worked out per room when asked, so a pass over
   * 10,000 rooms keeps only the few that need a look.
   */
  judge: (room: RoomView) => { participants: number; reasons: Reason[] };
  participantReads: number;
  waiting: number;
  /** How long the last scan took (its round: within ATTENTION_INTERVAL_MS, or it stretches). */
  roundMs: number;
};

/**
 * The rooms and how to judge them. The rooms come from the project's shared snapshot; one
 * scan every 5 s (shared by every tab) reads the participant lists the reasons need, at most
 * ATTENTION_PARTICIPANT_READS of them.
 */
export async function attentionOf(
  project: string,
  target: LiveKitTarget,
  rs: RoomServiceClient,
  ads: AgentDispatchClient,
  cfg: AttentionConfig & { agentJoinSec: number },
  nowMs = Date.now(),
): Promise<LiveAttention> {
  const s = stateOf(project, target);
  const k = `${target.url}\u0000${target.apiKey}\u0000${target.apiSecret}`;
  let poll = s.polls.get(k);
  if (!poll) {
    poll = new SharedPoll({
      label: `needs attention of ${project}`,
      intervalMs: ATTENTION_INTERVAL_MS,
      idleMs: 30_000,
      fetch: () => scan(project, target, rs, ads),
      fingerprint: () => String(Date.now()),
      onIdle: () => s.polls.delete(k),
    });
    s.polls.set(k, poll);
  }
  const snap = await poll.read();
  const { listedAtMs, participantReads, candidates } = valueOf(snap, target);
  // The rooms are the project's latest list, not the one the last scan saw: a scan can take
  // seconds (LiveKit answers some reads only after 3 s, see readDispatchesFor) and then stretches
  // its period, and rooms deleted meanwhile (a bulk delete from this very page) stayed on it
  // for 30 s and more. The list is read every 2 s and again at once after a change here.
  // A participant read still counts against the list the scan made it for (its counts are
  // compared with that list's), not against each later refresh of the same rooms.
  const rooms = valueOf(await roomsPoll(project, target).read(), target);
  return {
    rooms,
    judge: (r) => {
      const obs = s.observations.get(r.name) ?? { firstSeenMs: nowMs };
      const people = current(r, s.people.get(r.name), listedAtMs);
      const reasons = reasonsFor(r, people, obs, cfg, nowMs);
      const dispatches = s.dispatches.get(r.name)?.list;
      const agents = agentReasons(
        dispatches,
        people,
        s.agentsSeen.get(r.name),
        cfg.agentJoinSec,
        nowMs,
      );
      return {
        participants: people ? people.length : r.numParticipants,
        reasons: agents.length > 0 ? [...reasons, ...agents] : reasons,
      };
    },
    participantReads,
    waiting: Math.max(0, candidates - participantReads),
    roundMs: snap.lastReadMs ?? 0,
  };
}
