import "server-only";
import { database } from "@/lib/db";
import type { HistoryReader } from "@/lib/procedures/procedure";

/** History bound to one project: a handler cannot read another project's. */
export function historyFor(project: string): HistoryReader {
  const h = async () => (await database()).history;
  return {
    sessions: async (...a) => (await h()).sessions(project, ...a),
    session: async (...a) => (await h()).session(project, ...a),
    events: async (...a) => (await h()).events(project, ...a),
    eventsOfKind: async (...a) => (await h()).eventsOfKind(project, ...a),
    lastWebhook: async () => (await h()).lastWebhook(project),
    series: async (...a) => (await h()).series(project, ...a),
    durations: async (...a) => (await h()).durations(project, ...a),
    liveFacts: async (...a) => (await h()).liveFacts(project, ...a),
    presence: async (...a) => (await h()).presence(project, ...a),
    closedRecently: async (...a) => (await h()).closedRecently(project, ...a),
    ingressStates: async (...a) => (await h()).ingressStates(project, ...a),
    searchIndexed: async () => (await h()).searchIndexed(),
  };
}
