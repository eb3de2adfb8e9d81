"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { Role } from "@/lib/auth/roles";

export type ProjectScope = {
  project: string;
  role: Role;
  canManage: boolean;
  /** WATCH_ROLE lets this role watch and listen to rooms (docs/watch.md). */
  canWatch: boolean;
};

const Ctx = createContext<ProjectScope | null>(null);

export function ProjectProvider({ value, children }: { value: ProjectScope; children: ReactNode }) {
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/** The project this page acts on and the operator's role in it (a courtesy for the UI; the server decides). */
export function useProject(): ProjectScope {
  const v = useContext(Ctx);
  if (!v) throw new Error("useProject outside a project page");
  return v;
}
