import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { hashPassword } from "@/lib/auth/password";

export const PASSWORD = "correct horse battery staple";

/**
 * An operators file with two projects on two LiveKit servers and one operator per situation.
 * Secrets stay in the environment, named by the file.
 */
export async function writeAccessFile(
  projects: { main: string; second: string },
  apiKey: string,
  dir = mkdtempSync(path.join(tmpdir(), "lka-")),
) {
  const hash = await hashPassword(PASSWORD);
  const file = path.join(dir, "operators.json");
  writeFileSync(
    file,
    JSON.stringify(
      {
        projects: [
          { name: "main", url: projects.main, apiKey, apiSecretEnv: "MAIN_LIVEKIT_SECRET" },
          { name: "second", url: projects.second, apiKey, apiSecretEnv: "SECOND_LIVEKIT_SECRET" },
        ],
        operators: [
          { username: "ada", passwordHash: hash, roles: { "*": "admin" } },
          { username: "oscar", passwordHash: hash, roles: { main: "operator", second: "viewer" } },
          { username: "vera", passwordHash: hash, roles: { main: "viewer", second: "viewer" } },
          { username: "sam", passwordHash: hash, roles: { second: "operator" } },
        ],
      },
      null,
      2,
    ),
  );
  return file;
}
