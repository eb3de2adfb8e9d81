/** The project at a glance, as the overview page receives it. */
export type Overview = {
  rooms: number;
  participants: number;
  publishers: number;
  recording: number;
  /** Rooms needing attention; null when that check could not run. */
  attention: number | null;
  busiest: {
    name: string;
    participants: number;
    publishers: number;
    createdAtMs: number;
    recording: boolean;
  }[];
  /** How long LiveKit took to list the rooms, last time. */
  livekitMs: number | null;
  lastWebhook: { at: string; dropped: number } | null;
};
