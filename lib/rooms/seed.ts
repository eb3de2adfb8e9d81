import type { CreateRoomInput } from "@/lib/rooms/schema";

/** Example rooms for a first look at the console (scripts/seed.ts) and for the tests. */
export const EXAMPLE_ROOM = {
  name: "daily-standup",
  emptyTimeout: 600,
  maxParticipants: 20,
  metadata: JSON.stringify({ team: "platform", purpose: "daily standup" }),
} satisfies CreateRoomInput;

export const EXAMPLE_ROOMS: CreateRoomInput[] = [
  EXAMPLE_ROOM,
  { name: "support-escalations", emptyTimeout: 1800, departureTimeout: 60, maxParticipants: 4 },
  { name: "all-hands", emptyTimeout: 3600, maxParticipants: 500, metadata: "Quarterly all-hands" },
];
