import type { Metadata } from "next";
import { Suspense } from "react";
import { initialOf } from "@/lib/actions/result";
import { readRooms } from "@/lib/rooms/read";
import { RoomsView } from "@/components/rooms/rooms-view";

export const metadata: Metadata = { title: "Rooms" };
export const dynamic = "force-dynamic";

export default async function RoomsPage({ params }: { params: Promise<{ project: string }> }) {
  // The first screen is rendered here, through the same guard; the table then polls the API.
  const initial = await initialOf(readRooms((await params).project));
  return (
    <Suspense>
      <RoomsView initial={initial} />
    </Suspense>
  );
}
