/**
 * Query keys of every live view, one family per project: a change invalidates
 * `roomKeys.all(project)` and every view of that project's rooms refreshes.
 */
export const roomKeys = {
  all: (project: string) => ["rooms", project] as const,
  list: (project: string) => [...roomKeys.all(project), "list"] as const,
  impact: (project: string, name: string) => [...roomKeys.all(project), "impact", name] as const,
  detail: (project: string, name: string) => [...roomKeys.all(project), "detail", name] as const,
  attention: (project: string) => [...roomKeys.all(project), "attention"] as const,
  dispatches: (project: string, name: string) =>
    [...roomKeys.all(project), "dispatches", name] as const,
};

/** The project at a glance (its own family: room changes reach it through its poll). */
export const overviewKeys = {
  read: (project: string) => ["overview", project] as const,
};

export const historyKeys = {
  stats: (project: string, range: string) => ["history-stats", project, range] as const,
  recentlyClosed: (project: string, room: string) => ["recently-closed", project, room] as const,
};

export const bulkKeys = {
  preview: (project: string, rooms: readonly string[]) => ["bulk-preview", project, rooms] as const,
  job: (project: string, jobId: string | undefined) => ["bulk-job", project, jobId] as const,
};

/** Recordings (egress) of a project, all of them or one room's. */
export const egressKeys = {
  all: (project: string) => ["egress", project] as const,
  list: (project: string, room: string) => [...egressKeys.all(project), "list", room] as const,
};
