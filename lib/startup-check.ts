import "server-only";
import { readFileSync } from "node:fs";
import { ConfigError } from "@/lib/config-schema";
import { loadAccessConfig, type AccessConfig } from "@/lib/auth/access-config";
import { settingsFrom } from "@/lib/settings";
import { checkDeployment } from "@/lib/deployment";

/** Refuses to start on a bad configuration, naming each variable or file entry at fault. */
export function checkConfigOrExit(): AccessConfig {
  try {
    const config = loadAccessConfig(process.env, (p) => readFileSync(p, "utf8"));
    settingsFrom(process.env);
    const deployment = checkDeployment(process.env);
    if (deployment.problems.length > 0) throw new ConfigError(deployment.problems);
    for (const note of deployment.notes) console.log(`LiveKit Admin: ${note}`);
    for (const p of config.projects) {
      console.log(
        `LiveKit Admin: project ${p.name} → LiveKit at ${p.target.url}${p.target.embedded ? " (local dev server; set LIVEKIT_URL for another)" : ""}`,
      );
    }
    console.log(
      config.demo
        ? "LiveKit Admin: demo mode, demo users are listed on the sign-in page"
        : `LiveKit Admin: ${config.operators.length} operator${config.operators.length === 1 ? "" : "s"} configured`,
    );
    if (config.oidc) {
      const groups = Object.keys(config.oidc.roles).length;
      console.log(
        `LiveKit Admin: sign-in with ${config.oidc.name} (${groups} group${groups === 1 ? "" : "s"} mapped to roles)${config.passwords ? "" : "; local passwords turned off"}`,
      );
    }
    return config;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(`LiveKit Admin cannot start.\n${e.message}`);
    process.exit(1);
  }
}
