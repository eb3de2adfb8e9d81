import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const __dirname = path.dirname(fileURLToPath(import.meta.url));

const resolve = {
  alias: {
    "@": path.resolve(__dirname),
    "server-only": path.resolve(__dirname, "tests/support/empty.ts"),
  },
};

export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        resolve,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/integration/global-setup.ts"],
          setupFiles: ["tests/integration/env.ts"],
          // One real server is shared: files run one after another.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 150_000,
        },
      },
    ],
  },
});
