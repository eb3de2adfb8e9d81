import type { NextRequest } from "next/server";
import { startSignOn } from "@/lib/auth/oidc/start";

export const dynamic = "force-dynamic";

/**
 * A plain route handler, like /api/auth/sign-in, not a declared procedure: it runs before
 * there is a session (the procedures' pipeline starts from one) and answers with a redirect to
 * the provider and a cookie, which neither a server action nor a GET route of the registry gives.
 * A GET, a link: see startSignOn for why not a form post.
 */
export function GET(req: NextRequest) {
  return startSignOn(req);
}
