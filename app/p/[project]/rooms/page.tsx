import type { Metadata } from "next";
import { Suspense } from "react";
import { readRooms } from "@/lib/rooms/read";
import { RoomsView } from "@/components/rooms/rooms-view";

export const metadata: Metadata = { title: "Rooms" };
export const dynamic = "force-dynamic";

async function loadRooms(project: string) {
  const result = await readRooms(project);
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
