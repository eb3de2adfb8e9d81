/**
 * Lists every guarded entry point of the console, straight from the registry: its server
 * action or GET route, the permission it needs, and whether it is audited.
 *   npm run procedures [-- --json]
 * The browser suites read the JSON form (tests/support/catalog.ts), so a new procedure is
 * refused to strangers and fuzzed the day it is added.
 */
import { z } from "zod";
import type { Permission } from "@/lib/auth/roles";
import { procedures } from "@/lib/procedures/registry";

export type CatalogEntry = {
  key: string;
  name: string;
  permission: Permission;
  audited: string | null;
  action: boolean;
  route: string | null;
  /** The input as JSON Schema (as the caller sends it), for suites that generate inputs. */
  input: Record<string, unknown>;
};

const catalog: CatalogEntry[] = Object.entries(procedures).map(([key, p]) => ({
  key,
  name: p.name,
  permission: p.permission,
  audited: p.audit ? p.name : null,
  action: p.action === true,
  route: p.route ? `/api/p/<project>/${p.route.path}` : null,
  input: z.toJSONSchema(p.input, { io: "input", unrepresentable: "any" }),
}));
// No count check here: the registry refuses a repeated export or `name` as it loads.

if (process.argv.includes("--json")) {
  process.stdout.write(`${JSON.stringify(catalog, null, 2)}\n`);
} else {
  const rows = catalog.map((c) => [
    c.name,
    c.permission,
    c.action ? `action ${c.key}` : "",
    c.route ?? "",
    c.audited ? `audited as ${c.audited}` : "",
  ]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows)
    console.log(
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    );
}
