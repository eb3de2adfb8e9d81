import type { NextRequest } from "next/server";
import { frontChannelLogout } from "@/lib/auth/oidc/frontchannel";

export const dynamic = "force-dynamic";

/**
 * A plain route handler, not a declared procedure: the provider's logout page loads it in a
 * frame (a GET from another site, without the console's cookies), before or without any
 * session of the caller's; the sid it names is the proof.
 */
export function GET(req: NextRequest) {
  return frontChannelLogout(req);
}
