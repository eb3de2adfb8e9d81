import type { NextRequest } from "next/server";
import { finishSignOn } from "@/lib/auth/oidc/callback";

export const dynamic = "force-dynamic";

/**
 * A plain route handler, not a declared procedure: the provider sends the browser here with a
 * top-level GET from its own site, before there is a session, and the answer is a redirect
 * that sets the session cookie. Not checked for cross-site (the provider is another site):
 * what binds this answer to the browser that started the sign-in is the flow cookie and the
 * state kept for it on the server.
 */
export function GET(req: NextRequest) {
  return finishSignOn(req);
}
