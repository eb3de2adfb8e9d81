import "server-only";
import type { z } from "zod";
import type { ActionResult } from "@/lib/procedures/result";
import type { Procedure } from "@/lib/procedures/procedure";
import { run } from "@/lib/procedures/pipeline/run";

/** A procedure's input as the browser sends it: the fields plus the project they act on. */
export type ActionInput<S extends z.ZodType> = z.input<S> & { project: string };

/**
 * The server action of a procedure. A "use server" file exports only these (lint checks it),
 * so every public action runs the whole pipeline.
 */
export function serverAction<S extends z.ZodType, T>(
  p: Procedure<S, T>,
): (input: ActionInput<S>) => Promise<ActionResult<T>> {
  if (!p.action) throw new Error(`${p.name} is not declared as a server action`);
  return async (input) => {
    // Whatever arrives (actions are public endpoints): the project is split off, the rest parsed.
    const isObject = !!input && typeof input === "object" && !Array.isArray(input);
    const { project, ...rest }: Record<string, unknown> = isObject ? input : {};
    return run(p, project, isObject ? rest : input);
  };
}
