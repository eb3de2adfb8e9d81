import type { Metadata } from "next";
import { Suspense } from "react";
import { z } from "zod";
import { runGuarded } from "@/lib/actions/guard";
import { listRooms } from "@/lib/rooms/service";
import { RoomsView } from "@/components/rooms/rooms-view";

export const metadata: Metadata = { title: "Rooms" };
export const dynamic = "force-dynamic";

async function loadRooms() {
  const result = await runGuarded("rooms.list", "view", z.undefined(), undefined, (_i, { rs }) =>
    listRooms(rs),
  );
  return { result, fetchedAtMs: Date.now() };
}

export default async function RoomsPage() {
  // The first screen is rendered here; the table then polls /api/rooms.
  const initial = await loadRooms();
  return (
    <Suspense>
      <RoomsView initial={initial} />
    </Suspense>
  );
}
