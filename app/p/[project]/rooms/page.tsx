import type { Metadata } from "next";
import { Suspense } from "react";
import { runGuarded, withProject } from "@/lib/actions/guard";
import { listRooms } from "@/lib/rooms/service";
import { RoomsView } from "@/components/rooms/rooms-view";

export const metadata: Metadata = { title: "Rooms" };
export const dynamic = "force-dynamic";

async function loadRooms(project: string) {
  const result = await runGuarded(
    "rooms.list",
    "view",
    withProject({}),
    { project },
    (_i, { rs }) => listRooms(rs),
  );
  return { result, fetchedAtMs: Date.now() };
}

export default async function RoomsPage({ params }: { params: Promise<{ project: string }> }) {
  // The first screen is rendered here, through the same guard; the table then polls the API.
  const initial = await loadRooms((await params).project);
  return (
    <Suspense>
      <RoomsView initial={initial} />
    </Suspense>
  );
}
