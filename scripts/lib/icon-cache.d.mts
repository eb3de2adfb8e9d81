import type { IncomingMessage, ServerResponse } from "node:http";
export function cacheHashedIcon(req: IncomingMessage, res: ServerResponse): void;
