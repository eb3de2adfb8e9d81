import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { hashPassword } from "@/lib/auth/password";
import { PORTS } from "./ports";

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

/**
 * For a Vitest file: the console reads this operators file (both projects on the suite's
 * LiveKit server) while the file's tests run. Returns the file's path, once written.
 */
export function withAccessFile(hooks: {
  beforeAll: (fn: () => Promise<void>) => void;
  afterAll: (fn: () => void) => void;
}): () => string {
  let file = "";
  const saved = { ...process.env };
  hooks.beforeAll(async () => {
    const url = `ws://127.0.0.1:${PORTS.integration}`;
    // Both projects point at the suite's server; membership, not the server, is under test.
    file = await writeAccessFile({ main: url, second: url }, "devkey");
    process.env.LIVEKIT_ADMIN_CONFIG = file;
    process.env.MAIN_LIVEKIT_SECRET = "secret";
    process.env.SECOND_LIVEKIT_SECRET = "secret";
  });
  hooks.afterAll(() => {
    delete process.env.LIVEKIT_ADMIN_CONFIG;
    process.env.MAIN_LIVEKIT_SECRET = saved.MAIN_LIVEKIT_SECRET;
    process.env.SECOND_LIVEKIT_SECRET = saved.SECOND_LIVEKIT_SECRET;
  });
  return () => file;
}
