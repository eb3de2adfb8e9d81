import type { IncomingMessage, ServerResponse } from "node:http";
export function contentSecurityPolicy(nonce: string, dev?: boolean): string;
export function setPageHeaders(req: IncomingMessage, res: ServerResponse, https: boolean): void;
