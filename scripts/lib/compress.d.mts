import type { IncomingMessage, ServerResponse } from "node:http";
export function compressJsonAnswers(req: IncomingMessage, res: ServerResponse): void;
export function compressPages(req: IncomingMessage, res: ServerResponse): void;
export function isPageNavigation(req: IncomingMessage): boolean;
export function bytes(chunk: unknown, enc?: unknown): Uint8Array;
export function endArgs(chunk?: unknown, enc?: unknown, cb?: unknown): [unknown, unknown, unknown];
export function takeHead(
  res: ServerResponse,
  status: number,
  reason?: unknown,
  headers?: unknown,
): boolean;
