/**
 * Creates the example rooms on a LiveKit server (default: the local dev server), leaving
 * any room that already exists untouched. Usage: tsx scripts/seed.ts [url]
 */
import { RoomServiceClient } from "livekit-server-sdk";
import { LOCAL_DEV_SERVER } from "@/lib/config-schema";
import { createRoomSchema } from "@/lib/rooms/schema";
import { EXAMPLE_ROOMS } from "@/lib/rooms/seed";

async function main() {
  const url = process.argv[2] ?? LOCAL_DEV_SERVER.url;
  const rs = new RoomServiceClient(url, LOCAL_DEV_SERVER.apiKey, LOCAL_DEV_SERVER.apiSecret);
  const existing = new Set((await rs.listRooms()).map((r) => r.name));
  const created: string[] = [];
  for (const input of EXAMPLE_ROOMS) {
    // The examples name no agents to dispatch.
    const { agents: _agents, ...room } = createRoomSchema.parse(input);
    // CreateRoom would silently rewrite an existing room: only create what is missing.
    if (existing.has(room.name)) continue;
    await rs.createRoom(room);
    created.push(room.name);
  }
  console.log(
    created.length ? `seed: created ${created.join(", ")}` : "seed: example rooms already exist",
  );
}

main().catch((e: unknown) => {
  console.error("seed: could not create the example rooms:", e instanceof Error ? e.message : e);
  process.exit(1);
});
