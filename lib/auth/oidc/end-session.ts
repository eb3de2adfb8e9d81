import "server-only";
import type { OidcSettings } from "@/lib/auth/access-config";
import { database } from "@/lib/db";
import { tryRecord } from "@/lib/db/audit-record";
import { log } from "@/lib/logger";

/**
 * Revokes every console session made from the provider session a logout names (by sid, else
 * all of the subject's), on every instance, with an auth.sign-out row per person. False when
 * the database could not be reached: the sessions still stand, and the provider may retry.
 */
export async function endProviderSession(
  oidc: OidcSettings,
  by: { sid?: string; subject?: string },
  channel: "back-channel" | "front-channel",
): Promise<boolean> {
  try {
    const ended = await (await database()).oidc.endProviderSession(oidc.issuer, by);
    for (const username of ended)
      await tryRecord({
        actor: username,
        action: "auth.sign-out",
        params: {
          provider: oidc.name,
          by: `provider (${channel} logout)`,
          ...(by.subject ? { subject: by.subject } : {}),
        },
        outcome: "ok",
      });
    log("info", `${channel} logout`, { provider: oidc.name, sessions: ended.length });
    return true;
  } catch (e) {
    log("error", `${channel} logout could not revoke sessions`, { provider: oidc.name }, e);
    return false;
  }
}
