import "server-only";
import { createHash } from "node:crypto";
import type { ActionResult, ErrorCode } from "@/lib/procedures/result";
import type { AnyProcedure } from "@/lib/procedures/procedure";
import { run } from "@/lib/procedures/pipeline/run";
import { asForeground, isForeground } from "@/lib/http/foreground";

const STATUS: Partial<Record<ErrorCode, number>> = {
  unauthenticated: 401,
  forbidden: 403,
  invalid_input: 400,
  not_found: 404,
  audit_unavailable: 503,
  timeout: 504,
  rate_limited: 429,
  conflict: 409,
  unreachable: 502,
  unauthorized: 502,
  config: 500,
};

/** HTTP status of a result. */
export const httpStatus = (result: ActionResult<unknown>): number =>
  result.ok ? 200 : (STATUS[result.error.code] ?? 500);

/**
 * A JSON answer with an ETag of its bytes, so a tab that already holds it gets a 304 with no
 * body (Next compresses the rest). `no-store`: room data is never written to
 * the browser's disk; tabs keep their last answer in memory.
 */
function json(result: ActionResult<unknown>, req?: Request): Response {
  const body = JSON.stringify(result);
  const headers = new Headers({ "Cache-Control": "no-store", "Content-Type": "application/json" });
  const status = httpStatus(result);
  if (req && result.ok) {
    const etag = `"${createHash("sha1").update(body).digest("base64url")}"`;
    headers.set("ETag", etag);
    if (req.headers.get("If-None-Match") === etag)
      return new Response(null, { status: 304, headers });
  }
  return new Response(body, { status, headers });
}

/** Path parameters of `template` ("rooms/:room") in `segments` (still encoded), decoded once. */
function match(template: string, segments: string[]): Record<string, string> | undefined {
  const parts = template.split("/");
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of parts.entries()) {
    const seg = segments[i]!;
    if (part.startsWith(":")) params[part.slice(1)] = seg;
    else if (part !== seg) return undefined;
  }
  return params;
}

const decodeOnce = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
};

/**
 * Serves every GET route of /api/p/<project>/… from the procedures that declare one. Names come
 * from the raw request path, decoded exactly once (Next hands params over inconsistently:
 * vercel/next.js#95343), so "per%cent" and "a/b" stay themselves.
 */
export function routesOf(procedures: readonly AnyProcedure[]) {
  const routed = procedures.filter((p) => p.route);
  return async function GET(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const [, api, p, rawProject, ...segments] = url.pathname.split("/");
    const found =
      api === "api" && p === "p"
        ? routed
            .map((proc) => ({ proc, params: match(proc.route!.path, segments) }))
            .find((m) => m.params)
        : undefined;
    if (!found || rawProject === undefined)
      return json({ ok: false, error: { code: "not_found", message: "No such API route." } });
    const decoded = Object.entries(found.params!).map(([k, v]) => [k, decodeOnce(v)] as const);
    const project = decodeOnce(rawProject);
    if (project === undefined || decoded.some(([, v]) => v === undefined))
      return json({
        ok: false,
        error: { code: "invalid_input", message: "The path is not valid percent-encoding." },
      });
    const input = {
      ...(found.proc.route!.query ? Object.fromEntries(url.searchParams) : {}),
      ...Object.fromEntries(decoded),
    };
    const call = () => run(found.proc, project, input);
    const result = isForeground(url.pathname) ? await asForeground(call) : await call();
    const respond = found.proc.route!.respond;
    return result.ok && respond ? respond(result.data, project) : json(result, req);
  };
}
