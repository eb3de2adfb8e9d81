import "server-only";
import { runGuarded, withProject } from "@/lib/actions/guard";
import { listRooms } from "@/lib/rooms/service";

/** The rooms of a project, through the same guard as every action (page and polling route). */
export function readRooms(project: string) {
  return runGuarded("rooms.list", "view", withProject({}), { project }, (_i, { rs }) =>
    listRooms(rs),
  );
}
