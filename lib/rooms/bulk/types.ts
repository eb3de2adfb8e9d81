/** Shapes shared by the bulk-delete engine and the browser. */
export type ItemStatus =
  "pending" | "deleted" | "already_closed" | "ghost" | "failed" | "cancelled";

export type BulkItem = { name: string; status: ItemStatus; disconnected: number; message?: string };

export type BulkJobView = {
  id: string;
  total: number;
  done: number;
  running: boolean;
  cancelled: boolean;
  /** Set when the job stopped on its own, e.g. "permission withdrawn". */
  stopped?: string;
  disconnected: number;
  counts: Record<ItemStatus, number>;
  /** Everything but the rooms deleted as asked, for the summary and retry. */
  problems: BulkItem[];
  /** How many times another console instance took the job over (its own had stopped). */
  takenOver?: number;
};

export type BulkPreview = {
  rooms: number;
  participants: number;
  recording: string[];
  /** Already gone when the preview was made. */
  missing: string[];
  /** Typed confirmation is needed above this many rooms. */
  confirmAbove: number;
};
