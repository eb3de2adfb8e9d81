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

/**
 * The same section of the console in another project: rooms stay rooms, history stays
 * history. A room's or a session's own page goes to its section, as that room or session
 * belongs to the project it was opened in.
 */
export function inProject(pathname: string, project: string): string {
  const section = /^\/p\/[^/]+(\/[^/]+)?/.exec(pathname)?.[1] ?? "";
  return `/p/${encodeURIComponent(project)}${section}`;
}
