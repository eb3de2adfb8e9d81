import type { IncomingMessage, ServerResponse } from "node:http";
export type DeferredScript = {
  src: string;
  nonce?: string;
  integrity?: string;
  crossOrigin?: string;
};
export type RewriteState = { carry: string; inBody: boolean; held: DeferredScript[] };
export function rewriteState(): RewriteState;
export function deferredScripts(scripts: DeferredScript[]): string;
export function rewriteChunk(state: RewriteState, text: string): string;
export function finishRewrite(state: RewriteState): string;
export function bootAfterPaint(req: IncomingMessage, res: ServerResponse): void;
