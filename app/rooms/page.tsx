import { redirect } from "next/navigation";
import { landingPath } from "@/lib/auth/landing";

export const dynamic = "force-dynamic";

/** The rooms of the operator's first project; links from before projects existed keep working. */
export default async function RoomsRedirect({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const landing = await landingPath("/rooms");
  const target = landing.startsWith("/p/") ? `${landing}/rooms` : landing;
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(await searchParams))
    if (typeof v === "string") query.set(k, v);
  redirect(target.startsWith("/p/") && query.size > 0 ? `${target}?${query}` : target);
}
