import { asForeground } from "@/lib/http/foreground";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { initialOf } from "@/lib/procedures/result";
import { read } from "@/lib/procedures/pipeline/run";
import { procedures } from "@/lib/procedures/registry";
import { RoomsView } from "@/components/rooms/rooms-view";
import { firstPaintRows, readTableState, VIEWPORT_HEIGHT_HINT } from "@/lib/rooms/table-state";

export const metadata: Metadata = { title: "Rooms" };
export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ project: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function RoomsPage({ params, searchParams }: Props) {
  // The first screen is the page the URL asks for (100 rows, not every room), read through
  // the same pipeline; the table then refreshes it through the API.
  const state = readTableState(new URLSearchParams((await searchParams) as Record<string, string>));
  const { project } = await params;
  const initial = await asForeground(() => initialOf(read(procedures.listRooms, project, state)));
  // As many rows in the HTML as the window shows (the browser says how tall it is); the rest
  // of the page's rows come once the app runs.
  const firstRows = firstPaintRows((await headers()).get(VIEWPORT_HEIGHT_HINT));
  // No Suspense boundary around it: its content would stream as a hidden part that React
  // reveals up to 300 ms after the first paint (it throttles reveals), and the rows are here.
  return <RoomsView initial={initial} firstRows={firstRows} />;
}
