import "server-only";
import { tryRecord } from "@/lib/db/audit-record";
import type { Classified } from "@/lib/auth/oidc/classify";
import { log } from "@/lib/logger";

/**
 * A sign-in through the provider that failed: one audit row with the provider's error code (or
 * the check that failed), never a token, code or secret, and one log line.
 */
export async function recordOidcFailure(
  f: Classified & { provider: string; address: string; subject?: string; username?: string },
) {
  const params = {
    provider: f.provider,
    reason: f.code,
    ...(f.providerError ? { providerError: f.providerError } : {}),
    ...(f.check ? { check: f.check } : {}),
    ...(f.subject ? { subject: f.subject } : {}),
  };
  log("warn", "sign-on failed", { address: f.address, ...params });
  await tryRecord({
    actor: f.username ?? "unknown user",
    action: "auth.sign-in",
    target: f.address,
    params,
    outcome: "failed",
    errorCode: f.providerError ?? f.check ?? f.code,
  });
}
