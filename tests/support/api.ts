import { GET } from "@/app/api/p/[project]/[...path]/route";

/** Calls the project API's one GET handler, as Next would for this path. */
export async function apiGet<T = unknown>(path: string): Promise<{ status: number; body: T }> {
  const res = await GET(new Request(`http://127.0.0.1${path}`));
  return { status: res.status, body: (await res.json()) as T };
}
