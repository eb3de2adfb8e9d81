import type { IncomingMessage, ServerResponse } from "node:http";

export type ForegroundState = { inFlight: number; waiters: Set<() => void> };
export function isForeground(url: string | undefined): boolean;
export function foregroundState(): ForegroundState;
export function trackForeground(req: IncomingMessage, res: ServerResponse): void;
