/**
 * The GET routes under /api/p/<project>/, keyed by the procedure that serves each. Procedures
 * take their `route.path` from here and the registry refuses to load when the two differ, so
 * the browser (which may import this file: no secret, no server code) builds every URL with
 * `apiUrl` from the same table the server matches against.
 */
export const ROUTES = {
  listRooms: "rooms",
  listRoomNames: "room-names",
  readRoom: "rooms/:room",
  listAttention: "attention",
  countAttention: "attention-count",
  readBulkJob: "jobs/:jobId",
  readAudit: "audit/csv",
  listHistory: "history",
  readSession: "history/:sid",
  historyStats: "history-stats",
  recentlyClosed: "recently-closed/:room",
  readOverview: "overview",
  listSip: "telephony",
  listDispatches: "rooms/:room/agents",
  listEgress: "egress",
  readEgressStart: "egress/starts/:startId",
  listIngress: "streams",
} as const;

export type RoutedProcedure = keyof typeof ROUTES;

/** The `:name` parameters of a path template. */
type ParamsOf<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamsOf<Rest>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

type Query = string | Record<string, string | number | boolean | undefined>;

type UrlOptions<K extends RoutedProcedure> = {
  /** A query string ("?a=1" or "a=1") or fields, `undefined` ones left out. */
  query?: Query;
} & ([ParamsOf<(typeof ROUTES)[K]>] extends [never]
  ? { params?: undefined }
  : { params: Record<ParamsOf<(typeof ROUTES)[K]>, string> });

function queryString(query: Query | undefined): string {
  if (query === undefined) return "";
  if (typeof query === "string") {
    const q = query.replace(/^\?/, "");
    return q ? `?${q}` : "";
  }
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) p.set(k, String(v));
  return queryString(p.toString());
}

/**
 * The URL of a procedure's GET route. The project and each path parameter are encoded exactly
 * once, so a room named "a/b", "per%cent" or "🎉 party" arrives as itself (the server decodes
 * each segment once).
 */
export function apiUrl<K extends RoutedProcedure>(
  project: string,
  route: K,
  ...[options]: [ParamsOf<(typeof ROUTES)[K]>] extends [never]
    ? [options?: UrlOptions<K>]
    : [options: UrlOptions<K>]
): string {
  const params: Record<string, string> = options?.params ?? {};
  const path = ROUTES[route]
    .split("/")
    .map((part) => {
      if (!part.startsWith(":")) return part;
      const value = params[part.slice(1)];
      if (value === undefined) throw new Error(`${route} needs its ${part} parameter`);
      return encodeURIComponent(value);
    })
    .join("/");
  return `/api/p/${encodeURIComponent(project)}/${path}${queryString(options?.query)}`;
}
