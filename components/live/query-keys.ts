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
};
