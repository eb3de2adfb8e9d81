import "server-only";
import * as client from "openid-client";
import type { OidcSettings } from "@/lib/auth/access-config";
import { groupsOf } from "@/lib/auth/oidc/roles";
import { USERNAME_MAX_LENGTH } from "@/lib/auth/username";

/** The person an ID token names, as the console keeps them (never the tokens themselves). */
export type Identity = {
  /** What the console calls them (audit rows, the header): e-mail, else preferred name, else subject. */
  username: string;
  subject: string;
  /** The provider's session id, which its back-channel logout names. */
  sid?: string;
  name?: string;
  email?: string;
  groups: string[];
};

const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

/**
 * The identity in a checked token response. Groups come from the ID token; a provider that
 * leaves the claim out of it (some send groups only from the userinfo endpoint) is asked there,
 * with the access token, for the same subject.
 */
export async function identityOf(
  config: client.Configuration,
  oidc: OidcSettings,
  tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers,
): Promise<Identity> {
  const claims = tokens.claims();
  if (!claims) throw new Error("the token response has no ID token");
  let source: Record<string, unknown> = claims;
  const inToken = groupsOf(claims, oidc.groupsClaim).length > 0;
  if (!inToken && config.serverMetadata().userinfo_endpoint)
    source = {
      ...(await client.fetchUserInfo(config, tokens.access_token, claims.sub)),
      ...claims,
    };
  // Only an address the provider says it verified is a name: without the claim, anyone could
  // give the address of someone else (some providers send email_verified as a string).
  const verified = source.email_verified === true || source.email_verified === "true";
  const email = verified ? text(source.email) : undefined;
  const preferred = text(source.preferred_username);
  return {
    username: (email ?? preferred ?? claims.sub).slice(0, USERNAME_MAX_LENGTH),
    subject: claims.sub,
    sid: text(claims.sid),
    name: text(source.name),
    email,
    groups: groupsOf(source, oidc.groupsClaim),
  };
}
