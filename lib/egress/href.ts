/** The Recordings page, filtered to one room when given (the filter lives in the URL). */
export const recordingsHref = (project: string, room?: string) =>
  `/p/${project}/recordings${room ? `?room=${encodeURIComponent(room)}` : ""}`;
