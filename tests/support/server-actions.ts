import { readFileSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";

/**
 * The server actions the production build contains, read from its manifest, so tests call
 * them over HTTP exactly as a browser (or an attacker) would.
 */
type ManifestEntry = { exportedName: string; filename: string; workers: Record<string, unknown> };

export type BuiltAction = { id: string; name: string; page: string };

export function builtActions(fill: { project: string; room: string }): BuiltAction[] {
  const manifest = JSON.parse(
    readFileSync(
      path.resolve(__dirname, "../../.next/server/server-reference-manifest.json"),
      "utf8",
    ),
  ) as { node: Record<string, ManifestEntry> };
  return Object.entries(manifest.node).map(([id, e]) => ({
    id,
    name: e.exportedName,
    // The page that serves an action: its worker, with the route's params filled in.
    page:
      "/" +
      Object.keys(e.workers)[0]!
        .replace(/^app\//, "")
        .replace(/\/page$/, "")
        .replace("[project]", fill.project)
        .replace("[room]", encodeURIComponent(fill.room)),
  }));
}

/** Plain data as React's client encodes it: a string's leading "$" is escaped as "$$". */
export function encodeLikeReact(v: unknown): unknown {
  if (typeof v === "string") return v.startsWith("$") ? `$${v}` : v;
  if (Array.isArray(v)) return v.map(encodeLikeReact);
  if (v && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encodeLikeReact(x)]));
  return v;
}

/** Calls a server action over HTTP; the body is React's JSON argument list. */
export async function callAction(
  request: APIRequestContext,
  action: BuiltAction,
  input: unknown,
  opts: { cookie?: string; origin: string; body?: string },
) {
  const res = await request.post(action.page, {
    headers: {
      "Next-Action": action.id,
      "Content-Type": "text/plain;charset=UTF-8",
      Origin: opts.origin,
      ...(opts.cookie ? { Cookie: `lka_session=${opts.cookie}` } : {}),
    },
    data: opts.body ?? JSON.stringify([encodeLikeReact(input)]),
  });
  const answer = { status: res.status(), body: await res.text() };
  // Playwright keeps every response body until disposed: thousands of calls slow down.
  await res.dispose();
  return answer;
}

/** The session cookie saved for a user by auth.setup.ts. */
export function cookieOf(stateFile: string): string {
  const state = JSON.parse(readFileSync(stateFile, "utf8")) as {
    cookies: { name: string; value: string }[];
  };
  return state.cookies.find((c) => c.name === "lka_session")!.value;
}

/** The typed result of a server action, as it crosses HTTP. */
export type ActionAnswer = {
  ok: boolean;
  data?: Record<string, unknown>;
  error?: { code: string; message?: string; fieldErrors?: Record<string, string[]> };
};

/** The typed result inside an action's RSC answer ("1:{…}"). */
export function resultOf(body: string): ActionAnswer | undefined {
  const line = body.split("\n").find((l) => l.startsWith("1:"));
  if (!line) return undefined;
  try {
    return JSON.parse(line.slice(2)) as ActionAnswer;
  } catch {
    return undefined;
  }
}
