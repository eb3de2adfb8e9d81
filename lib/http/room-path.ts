/**
 * The room of a /p/<project>/rooms/<room> path (page or /api route), decoded exactly once.
 * Next 16 hands pages the segment still encoded and route handlers and metadata decoded
 * (vercel/next.js#95343), so room names never come from `params`: "per%cent" stays itself.
 */
export function roomFromPath(pathname: string | null | undefined): string | undefined {
  const m = /^\/(?:api\/)?p\/[^/]+\/rooms\/([^/?#]+)\/?$/.exec(pathname ?? "");
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return undefined;
  }
}

/** The path of a room's page: the one place a room name is encoded for a URL. */
export const roomHref = (project: string, room: string) =>
  `/p/${encodeURIComponent(project)}/rooms/${encodeURIComponent(room)}`;
