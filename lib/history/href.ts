/** Where a session's page is (room sids are plain ASCII, encoded all the same). */
export const sessionHref = (project: string, sid: string) =>
  `/p/${project}/history/${encodeURIComponent(sid)}`;
