import "server-only";
import type { AccessConfig } from "@/lib/auth/access-config";
import { classifyOidcError } from "@/lib/auth/oidc/classify";
import { OIDC_FAILURES } from "@/lib/auth/oidc/failures";
import { providerConfig } from "@/lib/auth/oidc/provider";

/**
 * At start-up, asks the provider for its discovery document once, so a wrong issuer or a
 * provider out of reach is said in the server's output before anyone clicks "Sign in with".
 * Never stops the console: the provider may come back, and local passwords may still work.
 */
export async function checkSignOn(config: AccessConfig): Promise<void> {
  const oidc = config.oidc;
  if (!oidc) return;
  try {
    const meta = (await providerConfig(oidc)).serverMetadata();
    console.log(
      `LiveKit Admin: sign-in with ${oidc.name} through ${meta.issuer} (client ${oidc.clientId}, groups from the "${oidc.groupsClaim}" claim)`,
    );
  } catch (e) {
    const { code, check } = classifyOidcError(e, "discovery");
    const named = { name: oidc.name, issuer: oidc.issuer, secretEnv: oidc.clientSecretEnv };
    const fallback = config.passwords
      ? "Local password accounts can still sign in."
      : "Local passwords are turned off (oidc.passwords), so no one can sign in until it answers.";
    console.error(
      `LiveKit Admin: ${OIDC_FAILURES[code](named)}${check ? ` (${check})` : ""} ${fallback}`,
    );
  }
}
