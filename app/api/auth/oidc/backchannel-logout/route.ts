import type { NextRequest } from "next/server";
import { backChannelLogout } from "@/lib/auth/oidc/backchannel";

export const dynamic = "force-dynamic";

/**
 * A plain route handler, not a declared procedure: the caller is the OpenID provider, server to
 * server, with no session; what it proves is the logout token, signed with the provider's keys.
 * No cross-site check for the same reason (no browser, no cookies).
 */
export function POST(req: NextRequest) {
  return backChannelLogout(req);
}
