import type { IncomingMessage, ServerResponse } from "node:http";
export function compressJsonAnswers(req: IncomingMessage, res: ServerResponse): void;
export function compressPages(req: IncomingMessage, res: ServerResponse): void;
export function isPageNavigation(req: IncomingMessage): boolean;
