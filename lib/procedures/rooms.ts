import "server-only";
import { procedure } from "@/lib/procedures/procedure";
import { ROUTES } from "@/lib/procedures/routes";
import {
  createRoomSchema,
  deleteRoomSchema,
  roomNameSchema,
  roomRefSchema,
} from "@/lib/rooms/schema";
import { roomMetadataSchema, sendDataSchema } from "@/lib/rooms/control-schema";
import * as rooms from "@/lib/rooms/service";
import * as controls from "@/lib/rooms/controls";
import { z } from "zod";
import { maskCallers, maskPhoneText } from "@/lib/sip/mask";
import {
  afterChange,
  roomDetailPoll,
  roomsPoll,
  servedValue,
  valueOf,
  type Stale,
} from "@/lib/live/snapshots";
import type { Snapshot } from "@/lib/live/shared-poll";
import { BULK_MAX_ROOMS } from "@/lib/rooms/bulk/schema";
import { matchingNames, roomsPage, roomsQuerySchema, type RoomsPage } from "@/lib/rooms/rooms-page";

/**
 * Rooms as a tab sees them: one page, the totals, the snapshot's version, any slowness, and,
 * while LiveKit's reads fail, that the list is the last good one and why.
 */
export type RoomsLive = RoomsPage & {
  version: number;
  slow?: Slowness;
  stale?: Stale;
};
/** LiveKit took over half the refresh interval to list; the console has stretched its period. */
export type Slowness = { tookMs: number; everyMs: number };

const slowness = (snap: Snapshot<unknown>): Slowness | undefined =>
  snap.backedOffToMs && snap.slowReadMs !== undefined
    ? { tookMs: snap.slowReadMs, everyMs: snap.backedOffToMs }
    : undefined;

export const listRooms = procedure({
  name: "room.list",
  permission: "view",
  input: roomsQuerySchema,
  handler: async (i, { project, target }): Promise<RoomsLive> => {
    const snap = await roomsPoll(project, target).read();
    const { value, stale } = servedValue(snap, target);
    return { ...roomsPage(value, i), version: snap.version, slow: slowness(snap), stale };
  },
  route: { path: ROUTES.listRooms, query: true },
});

/** Every name matching a search, for "select all N matching" (at most a bulk delete's worth). */
export const listRoomNames = procedure({
  name: "room.names",
  permission: "view",
  input: roomsQuerySchema.pick({ q: true, sort: true, dir: true }),
  handler: async (i, { project, target }) => {
    const snap = await roomsPoll(project, target).read();
    const names = matchingNames(servedValue(snap, target).value, { ...i, page: 1 });
    return { names: names.slice(0, BULK_MAX_ROOMS), capped: names.length > BULK_MAX_ROOMS };
  },
  route: { path: ROUTES.listRoomNames, query: true },
});

export const readRoom = procedure({
  name: "room.detail",
  permission: "view",
  input: z.object({ room: roomNameSchema }),
  handler: async (i, { rs, project, target, role }) => {
    const detail = valueOf(await roomDetailPoll(project, target, rs, i.room).read(), target);
    // Phone numbers are personal data: viewers see them partly masked.
    return role === "viewer" ? maskCallers(detail) : detail;
  },
  route: { path: ROUTES.readRoom },
});

export const createRoom = procedure({
  name: "room.create",
  permission: "manage",
  input: createRoomSchema,
  handler: async (i, { rs, project, target }) => {
    const room = await rooms.createRoom(rs, i);
    await afterChange(project, target);
    return room;
  },
  audit: { target: (i) => i.name, params: ({ name: _n, ...rest }) => rest },
  action: true,
});

export const getDeleteImpact = procedure({
  name: "room.impact",
  permission: "view",
  input: roomRefSchema,
  handler: async (i, { rs, role }) => {
    const impact = await rooms.deleteImpact(rs, i.name);
    // A caller's identity holds their number (sip_+1…): masked for viewers, as on the room page.
    if (role !== "viewer" || !impact.exists) return impact;
    return { ...impact, sampleIdentities: impact.sampleIdentities.map(maskPhoneText) };
  },
  action: true,
});

export const deleteRoom = procedure({
  name: "room.delete",
  permission: "manage",
  input: deleteRoomSchema,
  handler: async (i, { rs, project, target }) => {
    const outcome = await rooms.deleteRoom(rs, i);
    await afterChange(project, target, i.name);
    return outcome;
  },
  audit: {
    target: (i) => i.name,
    params: (i) => ({ confirmedParticipants: i.confirmedParticipants }),
    disconnected: (d) => (d.status === "deleted" ? d.disconnected : 0),
  },
  action: true,
});

export const updateRoomMetadata = procedure({
  name: "room.metadata",
  permission: "manage",
  input: roomMetadataSchema,
  handler: async (i, { rs, project, target }) => {
    const room = await controls.updateRoomMetadata(rs, i.room, i.metadata);
    await afterChange(project, target, i.room);
    return room;
  },
  audit: {
    target: (i) => i.room,
    params: (i) => ({ metadata: i.metadata }),
  },
  action: true,
});

export const sendData = procedure({
  name: "room.send-data",
  permission: "manage",
  input: sendDataSchema,
  handler: (i, { rs }) => controls.sendData(rs, i.room, i.topic, i.text),
  audit: {
    target: (i) => i.room,
    params: (i) => ({ topic: i.topic, text: i.text }),
  },
  action: true,
});
