// Used by the request proxy (proxy.ts): reads LiveKit addresses only, never a key or secret.
import { readFileSync, statSync } from "node:fs";
import { LOCAL_DEV_SERVER } from "@/lib/config-schema";
import { normaliseLiveKitUrl } from "@/lib/livekit/url";
import { settingsFrom } from "@/lib/settings";

/**
 * Any page of a project, not only a room's: the console moves between its pages without loading
 * a document (the rooms table's links), and a document keeps the policy it was loaded with.
 */
const PROJECT_PAGE = /^\/p\/([^/]+)(?:\/|$)/;

/** The projects' LiveKit addresses by name, from the operators file (re-read when it changes). */
let fileCache: { key: string; urls: Map<string, string> } | undefined;

function urlsOfFile(file: string): Map<string, string> {
  const key = `${file}\u0000${statSync(file).mtimeMs}`;
  if (fileCache?.key === key) return fileCache.urls;
  const parsed = JSON.parse(readFileSync(file, "utf8")) as {
    projects?: { name?: unknown; url?: unknown }[];
  };
  const urls = new Map<string, string>();
  for (const p of parsed.projects ?? [])
    if (typeof p.name === "string" && typeof p.url === "string") urls.set(p.name, p.url);
  fileCache = { key, urls };
  return urls;
}

function projectUrl(project: string): string | undefined {
  const file = process.env.LIVEKIT_ADMIN_CONFIG;
  const fromFile = file ? urlsOfFile(file) : undefined;
  // A file without projects, or none: the LIVEKIT_* variables are project "default".
  if (fromFile && fromFile.size > 0) return fromFile.get(project);
  return project === "default" ? (process.env.LIVEKIT_URL ?? LOCAL_DEV_SERVER.url) : undefined;
}

/**
 * The LiveKit origins a project's pages may connect to, so Watch's browser SDK can reach its
 * project's server (signal WebSocket and its HTTP check) under the page's connect-src, however
 * the room's page was reached. Pages outside a project, other projects' servers, and every page
 * when WATCH_ROLE=none get none. (The project switcher loads a new document, so a page never
 * keeps the previous project's origin.)
 */
export function watchConnectSources(pathname: string): string[] {
  const project = PROJECT_PAGE.exec(pathname)?.[1];
  if (!project) return [];
  try {
    if (settingsFrom(process.env).watchRole === "none") return [];
    const raw = projectUrl(decodeURIComponent(project));
    const checked = raw === undefined ? undefined : normaliseLiveKitUrl(raw);
    if (!checked?.ok) return [];
    const url = new URL(checked.httpUrl);
    const secure = url.protocol === "https:";
    return [`${secure ? "wss" : "ws"}://${url.host}`, `${secure ? "https" : "http"}://${url.host}`];
  } catch {
    // A configuration the pages report themselves: no extra source, never a broken page.
    return [];
  }
}
