import type { Room } from "livekit-server-sdk";

/** What the browser knows about a room: plain JSON, no secrets (no turn_password), no bigint. */
export type RoomView = {
  sid: string;
  name: string;
  numParticipants: number;
  numPublishers: number;
  /** Creation time, milliseconds since the epoch. */
  createdAtMs: number;
  emptyTimeoutSec: number;
  departureTimeoutSec: number;
  /** 0 means no limit. */
  maxParticipants: number;
  metadata: string;
  activeRecording: boolean;
};

/** Rooms can carry up to 512 KiB of metadata; the table only needs a preview. */
export const METADATA_PREVIEW_CHARS = 200;

/**
 * Picked field by field (never spread) so new upstream fields cannot leak by accident.
 * Self-contained (it names nothing outside itself but globals): the room-list worker thread runs
 * this very function from its source (lib/live/list-rooms-worker.ts).
 */
export function toRoomView(room: Room, opts: { fullMetadata?: boolean } = {}): RoomView {
  const previewChars = 200; // METADATA_PREVIEW_CHARS, written here so the function stands alone
  const createdAtMs =
    room.creationTimeMs > BigInt(0)
      ? Number(room.creationTimeMs)
      : Number(room.creationTime) * 1000;
  return {
    sid: room.sid,
    name: room.name,
    numParticipants: room.numParticipants,
    numPublishers: room.numPublishers,
    createdAtMs,
    emptyTimeoutSec: room.emptyTimeout,
    departureTimeoutSec: room.departureTimeout,
    maxParticipants: room.maxParticipants,
    metadata: opts.fullMetadata ? room.metadata : room.metadata.slice(0, previewChars),
    activeRecording: room.activeRecording,
  };
}

/** What the delete dialog shows before the operator confirms. */
export type DeleteImpact =
  | { exists: false }
  | {
      exists: true;
      participants: number;
      /** A few identities, so the operator can recognise who is affected. */
      sampleIdentities: string[];
      activeRecording: boolean;
    };
