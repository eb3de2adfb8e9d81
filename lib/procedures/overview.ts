import "server-only";
import { z } from "zod";
import { procedure } from "@/lib/procedures/procedure";
import { ROUTES } from "@/lib/procedures/routes";
import { roomsPoll, valueOf } from "@/lib/live/snapshots";
import { scanWithHistory } from "@/lib/rooms/attention-history";
import type { Overview } from "@/lib/overview";

const BUSIEST = 5;

/**
 * The project at a glance, from the shared room snapshot (no extra upstream read): counters,
 * the busiest rooms, how fast LiveKit answers and when its last webhook came.
 */
export const readOverview = procedure({
  name: "overview.read",
  permission: "view",
  input: z.object({}),
  handler: async (_i, ctx): Promise<Overview> => {
    const { project, target, history } = ctx;
    const snap = await roomsPoll(project, target).read();
    const rooms = valueOf(snap, target);
    // Attention and history are extras: their failure leaves the counters standing.
    const [scan, lastWebhook] = await Promise.all([
      scanWithHistory(ctx).catch(() => undefined),
      history.lastWebhook().catch(() => undefined),
    ]);
    const busiest = [...rooms]
      .filter((r) => r.numParticipants > 0)
      .sort((a, b) => b.numParticipants - a.numParticipants || a.name.localeCompare(b.name))
      .slice(0, BUSIEST)
      .map((r) => ({
        name: r.name,
        participants: r.numParticipants,
        publishers: r.numPublishers,
        createdAtMs: r.createdAtMs,
        recording: r.activeRecording,
      }));
    return {
      rooms: rooms.length,
      participants: rooms.reduce((n, r) => n + r.numParticipants, 0),
      publishers: rooms.reduce((n, r) => n + r.numPublishers, 0),
      recording: rooms.filter((r) => r.activeRecording).length,
      attention: scan ? scan.flagged : null,
      busiest,
      livekitMs: snap.lastReadMs ?? null,
      lastWebhook: lastWebhook ?? null,
    };
  },
  route: { path: ROUTES.readOverview },
});
