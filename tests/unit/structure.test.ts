import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Facts about the source tree that keep every entry point guarded, checked before anything is
 * built: they fail `npm test` in its first minute, not after the browser suite.
 */
const ROOT = path.resolve(__dirname, "../..");
const rel = (f: string) => path.relative(ROOT, f).split(path.sep).join("/");

/** The project's own files under `dir` (not a package's installed modules, e.g. the demo agent's). */
function walk(dir: string, files = /\.tsx?$/): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? e.name === "node_modules"
        ? []
        : walk(`${dir}/${e.name}`, files)
      : files.test(e.name)
        ? [`${dir}/${e.name}`]
        : [],
  );
}

const SOURCES = [
  ...walk("app"),
  ...walk("components"),
  ...walk("lib"),
  "proxy.ts",
  "instrumentation.ts",
];
const text = new Map(SOURCES.map((f) => [f, readFileSync(path.join(ROOT, f), "utf8")]));

/** Value imports (not `import type`) of a module, resolved to files of this tree. */
function importsOf(file: string): string[] {
  const src = text.get(file)!;
  const specs = [
    ...src.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?["']([^"']+)["']/gm),
  ].map((m) => m[1]!);
  return specs.flatMap((spec) => {
    const base = spec.startsWith("@/")
      ? spec.slice(2)
      : spec.startsWith(".")
        ? rel(path.resolve(path.dirname(path.join(ROOT, file)), spec))
        : undefined;
    if (base === undefined) return [];
    const found = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((c) => text.has(c));
    return found ? [found] : [];
  });
}

const directive = (f: string, d: string) =>
  new RegExp(`^(?:\\s*//[^\\n]*\\n|\\s*/\\*[\\s\\S]*?\\*/\\s*)*\\s*["']${d}["']`).test(
    text.get(f)!,
  );

/** What these roots load, stopping at "use server" files (the browser gets only references). */
function closure(roots: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const f = queue.pop()!;
    if (seen.has(f) || directive(f, "use server")) continue;
    seen.add(f);
    queue.push(...importsOf(f));
  }
  return seen;
}

/** A module that declares only types has no code to keep out of the browser. */
const typesOnly = (f: string) => !/^export\s+(?!type\b|interface\b)/m.test(text.get(f)!);

/**
 * Pure modules shared on purpose (schemas, view types, plain helpers): they hold no secret and
 * touch no database, so the browser, proxy.ts and the scripts may load them. Anything else in
 * lib/ that the browser does not load is a server module, and says so.
 */
const SHARED = [
  "lib/auth/project-name.ts",
  "lib/auth/roles.ts",
  "lib/auth/safe-next.ts",
  "lib/concurrency.ts",
  "lib/config-schema.ts",
  "lib/db/audit-csv.ts",
  "lib/db/audit-filter-schema.ts",
  "lib/history/href.ts",
  "lib/history/query-schema.ts",
  "lib/livekit/url.ts",
  "lib/procedures/failure.ts",
  "lib/procedures/result.ts",
  "lib/rooms/participant-view.ts",
  "lib/rooms/seed.ts",
  "lib/rooms/view.ts",
  "lib/settings.ts",
];

/** The one module allowed to keep values on globalThis (see its doc comment for why). */
const HELPER = "lib/process-singleton.ts";

describe("the source tree", () => {
  it("every server module imports server-only (all of lib/ that browser code and proxy.ts never load)", () => {
    const shared = closure([
      ...SOURCES.filter((f) => directive(f, "use client")),
      "proxy.ts",
      ...SHARED,
    ]);
    const serverModules = SOURCES.filter(
      (f) => f.startsWith("lib/") && !shared.has(f) && !typesOnly(f),
    );
    const missing = serverModules.filter((f) => !/^import "server-only";$/m.test(text.get(f)!));
    expect(missing).toEqual([]);
    // And the other way round: nothing the browser loads may carry the marker.
    const wrong = [...shared].filter((f) => /^import "server-only";$/m.test(text.get(f)!));
    expect(wrong).toEqual([]);
    // The five modules that once lacked it are server modules by this measure.
    for (const f of [
      "lib/db/audit-store.ts",
      "lib/db/open.ts",
      "lib/auth/token.ts",
      "lib/auth/password.ts",
      "lib/auth/access-config.ts",
    ])
      expect(serverModules).toContain(f);
  });

  it("route handlers are the registry's one catch-all plus sign-in, sign-on, sign-out, health, readiness and LiveKit's webhooks", () => {
    const routes = SOURCES.filter((f) => /\/route\.tsx?$/.test(f)).sort();
    expect(routes).toEqual([
      "app/api/auth/oidc/backchannel-logout/route.ts",
      "app/api/auth/oidc/callback/route.ts",
      "app/api/auth/oidc/frontchannel-logout/route.ts",
      "app/api/auth/oidc/start/route.ts",
      "app/api/auth/sign-in/route.ts",
      "app/api/auth/sign-out/route.ts",
      "app/api/health/route.ts",
      "app/api/p/[project]/[...path]/route.ts",
      "app/api/ready/route.ts",
      "app/api/webhooks/[project]/route.ts",
    ]);
    expect(text.get("app/api/p/[project]/[...path]/route.ts")).toMatch(
      /export const GET = routesOf\(allProcedures\);/,
    );
  });

  it('"use server" files live beside pages and export only registry actions', () => {
    const files = SOURCES.filter((f) => directive(f, "use server"));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const exports = [...text.get(f)!.matchAll(/^export\s.*$/gm)].map((m) => m[0]);
      for (const line of exports)
        expect(line, f).toMatch(/^export const \w+ = serverAction\(procedures\.\w+\);$/);
    }
  });

  it("no procedure's input declares the project (the pipeline scopes every call)", () => {
    for (const f of [...SOURCES.filter((f) => /schema\.ts$/.test(f)), ...walk("lib/procedures")])
      expect(text.get(f) ?? readFileSync(path.join(ROOT, f), "utf8"), f).not.toMatch(
        /project:\s*projectNameSchema/,
      );
    expect(existsSync(path.join(ROOT, "lib/actions/guard.ts"))).toBe(false);
  });

  it("no page loads react-query with its first load (only the live engine and lazy dialogs do)", () => {
    const pages = SOURCES.filter((f) => /\/(page|layout)\.tsx$/.test(f));
    const first = closure(pages);
    const valueImport = /^\s*import\s+(?!type\b)[^;]*?from\s+["']@tanstack\/react-query["']/m;
    const loaders = [...first].filter((f) => valueImport.test(text.get(f)!));
    expect(loaders).toEqual([]);
    // The test sees the imports it is about: the engine and a dialog do load it.
    expect(valueImport.test(text.get("components/live/engine.tsx")!)).toBe(true);
    expect(valueImport.test(text.get("components/rooms/delete-room-dialog.tsx")!)).toBe(true);
    expect(first).toContain("components/rooms/rooms-view.tsx");
    expect(first).not.toContain("components/live/engine.tsx");
  });

  it("no component or page builds an /api/p/ URL by hand (apiUrl builds them from routes.ts)", () => {
    const handMade = SOURCES.filter(
      (f) => f !== "lib/procedures/routes.ts" && /[`"']\/api\/p\//.test(text.get(f)!),
    );
    expect(handMade).toEqual([]);
    // The test sees what it is about: the one place that does build them.
    expect(text.get("lib/procedures/routes.ts")).toMatch(/`\/api\/p\//);
  });

  it("per-process singletons go through processSingleton, the one module that keys globalThis", () => {
    const everywhere = [
      ...SOURCES,
      ...walk("scripts", /\.(tsx?|mjs)$/),
      ...walk("tests", /\.(tsx?|mjs)$/),
    ];
    const keyed = /Symbol\.for\(|globalThis\s*(?:as\b|\[)/;
    const own = everywhere.filter(
      (f) => f !== HELPER && keyed.test(text.get(f) ?? readFileSync(path.join(ROOT, f), "utf8")),
    );
    expect(own).toEqual([]);
    // The test sees what it is about: the helper itself does key globalThis.
    expect(text.get(HELPER)).toMatch(keyed);
  });

  it("the database layer is lib/db: the old audit folder and its paths do not come back", () => {
    const oldDir = ["lib", "audit"].join("/");
    expect(SOURCES.filter((f) => f.startsWith(`${oldDir}/`))).toEqual([]);
    const oldPath = new RegExp(`${oldDir}\\b`);
    const files = [
      ...SOURCES,
      ...walk("scripts", /\.(tsx?|mjs|sh|md)$/),
      ...walk("tests", /\.(tsx?|mjs)$/),
      ...walk("docs", /\.md$/),
      "README.md",
      "eslint.config.mjs",
    ];
    const naming = files.filter((f) =>
      oldPath.test(text.get(f) ?? readFileSync(path.join(ROOT, f), "utf8")),
    );
    expect(naming).toEqual([]);
    // The test sees what it is about: the layer's own modules are there, and the pattern bites.
    expect(text.has("lib/db/index.ts")).toBe(true);
    expect(oldPath.test(`import x from "@/${oldDir}/open";`)).toBe(true);
  });

  it("each procedure is declared once, in a procedures module the registry lists once", () => {
    const declared = SOURCES.flatMap((f) =>
      [...text.get(f)!.matchAll(/^export const (\w+) = procedure\(/gm)].map((m) => ({
        f,
        name: m[1]!,
      })),
    );
    expect(declared.length).toBeGreaterThan(15);
    const names = declared.map((d) => d.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    const modules = [...new Set(declared.map((d) => d.f))].sort();
    expect(modules.every((f) => f.startsWith("lib/procedures/"))).toBe(true);
    // Re-exports would make a second place a procedure can be reached from.
    for (const f of walk("lib/procedures"))
      expect(text.get(f), f).not.toMatch(/^export\s+(\*|\{[^}]*\})\s+from\b/m);
    const registry = text.get("lib/procedures/registry.ts")!;
    const listed = [...registry.matchAll(/^\s+"(lib\/procedures\/[\w-]+\.ts)": \w+,$/gm)].map(
      (m) => m[1]!,
    );
    expect([...listed].sort()).toEqual(modules);
    for (const f of modules) {
      const spec = `@/${f.replace(/\.ts$/, "")}`;
      expect(registry.split(`from "${spec}";`).length - 1, f).toBe(1);
    }
  });
});
