import type { IncomingMessage, ServerResponse } from "node:http";
export type RewriteState = { carry: string; inBody: boolean };
export function deferredBoot(src: string, attrs: string): string;
export function rewriteChunk(state: RewriteState, text: string): string;
export function bootAfterPaint(req: IncomingMessage, res: ServerResponse): void;
