import type { Metadata } from "next";
import { Suspense } from "react";
import { initialOf } from "@/lib/procedures/result";
import { read } from "@/lib/procedures/pipeline/run";
import { procedures } from "@/lib/procedures/registry";
import { RoomsView } from "@/components/rooms/rooms-view";

export const metadata: Metadata = { title: "Rooms" };
export const dynamic = "force-dynamic";

export default async function RoomsPage({ params }: { params: Promise<{ project: string }> }) {
  // The first screen is rendered here, through the same guard; the table then polls the API.
  const initial = await initialOf(read(procedures.listRooms, (await params).project, {}));
  return (
    <Suspense>
      <RoomsView initial={initial} />
    </Suspense>
  );
}
