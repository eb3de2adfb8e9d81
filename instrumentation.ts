/** Runs once when the server starts. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // A bad LiveKit configuration stops start-up, naming the variable.
    const { checkConfigOrExit } = await import("@/lib/startup-check");
    const config = checkConfigOrExit();
    // The identity provider, asked once now: a wrong issuer or one out of reach is said at
    // start-up, without holding the start.
    const { checkSignOn } = await import("@/lib/auth/oidc/startup");
    void checkSignOn(config);
    // Open (and migrate) the database before the first request, not during the first
    // sign-in (PGlite takes seconds). A failure is logged and retried on first use.
    const { database } = await import("@/lib/db");
    await database().catch(() => undefined);
    // History: reconcile sessions with the live list, and prune old events, in the background.
    const { startHistory } = await import("@/lib/history");
    startHistory();
    // Bulk deletes whose instance died are finished by this one; watches past their maximum
    // are ended.
    const { startBulkRecovery } = await import("@/lib/procedures/pipeline/bulk");
    startBulkRecovery();
  }
}
