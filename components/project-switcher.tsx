"use client";

import { usePathname, useRouter } from "next/navigation";

type Props = { current: string; projects: { name: string; role: string }[] };

/** Switches project and keeps the page (rooms stay rooms); the URL carries the project. */
export function ProjectSwitcher({ current, projects }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  return (
    <label className="flex items-center gap-2 text-sm text-slate-600">
      <span>Project</span>
      <select
        aria-label="Project"
        value={current}
        onChange={(e) => router.push(pathname.replace(/^\/p\/[^/]+/, `/p/${e.target.value}`))}
        className="h-8 rounded-md border border-slate-300 bg-white px-2 text-sm font-medium text-slate-900"
      >
        {projects.map((p) => (
          <option key={p.name} value={p.name}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}
