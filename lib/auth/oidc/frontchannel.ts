import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { accessConfig } from "@/lib/auth/access";
import { endProviderSession } from "@/lib/auth/oidc/end-session";

const answer = (status: number) =>
  new NextResponse(null, { status, headers: { "Cache-Control": "no-store" } });

/**
 * OpenID Connect Front-Channel Logout 1.0: the provider's logout page loads this address in a
 * hidden frame with its issuer and the session id (sid) it ended. The browser sends no
 * console cookie there (SameSite=Lax, another site's frame), so the sid is all there is:
 * every console session made from that provider session is revoked. A sid is a random value
 * that only the provider and the console's database hold (it is never sent to the browser).
 */
export async function frontChannelLogout(req: NextRequest) {
  const oidc = accessConfig().oidc;
  if (!oidc) return answer(404);
  const iss = req.nextUrl.searchParams.get("iss");
  const sid = req.nextUrl.searchParams.get("sid");
  // Both, as the client registers frontchannel_logout_session_required.
  if (!sid || iss !== oidc.issuer) return answer(400);
  return answer((await endProviderSession(oidc, { sid }, "front-channel")) ? 200 : 503);
}
