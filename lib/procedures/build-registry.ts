import "server-only";
import type { AnyProcedure } from "@/lib/procedures/procedure";

type Modules = Record<string, Record<string, unknown>>;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (
  x: infer I,
) => void
  ? I
  : never;
/** Every module's exports in one object type (what spreading them would give). */
type Merged<M extends Modules> = UnionToIntersection<M[keyof M]>;

const isProcedure = (v: unknown): v is AnyProcedure =>
  !!v && typeof v === "object" && "handler" in v && "permission" in v && "input" in v;

/**
 * Joins procedure modules (keyed by where they live) into one registry, keyed by export name.
 * A spread would let a second export of the same name silently replace the first; here two
 * exports of one name, or two procedures of one `name`, throw with both places named; so does a
 * GET route whose path is not the one `routes` (what the browser builds URLs from) gives it.
 */
export function buildRegistry<M extends Modules>(
  modules: M,
  routes: Readonly<Record<string, string>> = {},
): Merged<M> {
  const byKey = new Map<string, { where: string; p: AnyProcedure }>();
  const byName = new Map<string, string>();
  for (const [file, exports] of Object.entries(modules)) {
    for (const [key, p] of Object.entries(exports)) {
      if (key === "__esModule") continue; // a bundler's interop marker, not an export
      const where = `${file} (export ${key})`;
      if (!isProcedure(p))
        throw new Error(`${where} is not a procedure: a procedures module exports only procedures`);
      const seen = byKey.get(key);
      if (seen)
        throw new Error(`procedure export "${key}" is declared twice: ${seen.where} and ${where}`);
      const named = byName.get(p.name);
      if (named) throw new Error(`procedure name "${p.name}" is used twice: ${named} and ${where}`);
      byKey.set(key, { where, p });
      byName.set(p.name, where);
    }
  }
  // The browser builds URLs from `routes`: a procedure serving another path would never be found.
  for (const [key, { where, p }] of byKey)
    if (p.route && p.route.path !== routes[key])
      throw new Error(
        `${where} serves "${p.route.path}" but routes.ts has ${JSON.stringify(routes[key])}`,
      );
  for (const key of Object.keys(routes))
    if (!byKey.get(key)?.p.route)
      throw new Error(`routes.ts lists "${key}", which serves no route`);
  return Object.fromEntries([...byKey].map(([k, v]) => [k, v.p])) as Merged<M>;
}
