import { execFileSync } from "node:child_process";
import path from "node:path";
import type { CatalogEntry } from "../../scripts/procedures";

export type { CatalogEntry };

/**
 * Every procedure of the registry, as `npm run procedures -- --json` lists it. The browser
 * suites iterate this, not a list of their own, so a new procedure is covered the day it lands.
 */
export const CATALOG = JSON.parse(
  execFileSync(
    "npx",
    ["--no-install", "tsx", "--conditions=react-server", "scripts/procedures.ts", "--json"],
    { cwd: path.resolve(__dirname, "../.."), encoding: "utf8" },
  ),
) as CatalogEntry[];

/** A GET route's URL with the project and every `:param` filled (each encoded once). */
export function urlOf(e: CatalogEntry, project: string, params: Record<string, string>): string {
  return e.route!.replace("<project>", encodeURIComponent(project)).replace(/:(\w+)/g, (_, k) => {
    const v = params[k as string];
    if (v === undefined) throw new Error(`${e.key}: no value for :${k as string}`);
    return encodeURIComponent(v);
  });
}
