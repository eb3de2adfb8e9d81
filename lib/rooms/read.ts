import "server-only";
import { runGuarded, withProject } from "@/lib/actions/guard";
import { roomNameSchema } from "@/lib/rooms/schema";
import { listRooms } from "@/lib/rooms/service";
import { roomDetail } from "@/lib/rooms/participants";

/** The rooms of a project, through the same guard as every action (page and polling route). */
export function readRooms(project: string) {
  return runGuarded("rooms.list", "view", withProject({}), { project }, (_i, { rs }) =>
    listRooms(rs),
  );
}

/** One room with its participants and tracks (page and polling route). */
export function readRoom(project: string, room: string) {
  return runGuarded(
    "rooms.detail",
    "view",
    withProject({ room: roomNameSchema }),
    { project, room },
    (i, { rs }) => roomDetail(rs, i.room),
  );
}
