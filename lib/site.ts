import "server-only";

/** What the console is, in one line: the pages' description and the link preview's. */
export const SITE_DESCRIPTION = "Manage the rooms of a LiveKit server";
