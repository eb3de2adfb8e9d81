import { describe, expect, it } from "vitest";
import { checkDeployment } from "@/lib/deployment";

const KEY = Buffer.alloc(32, 7).toString("base64");
const PG = "postgres://127.0.0.1/test";

describe("what several instances must share, checked at start-up", () => {
  it("the embedded default and one instance on PostgreSQL start, saying what several need", () => {
    const embedded = checkDeployment({});
    expect(embedded).toMatchObject({ mode: "embedded", problems: [] });
    expect(embedded.notes.join(" ")).toContain("one instance only");
    const single = checkDeployment({ DATABASE_URL: PG });
    expect(single).toMatchObject({ mode: "single", problems: [] });
    expect(single.notes.join(" ")).toContain("Several instances need REDIS_URL");
  });

  it("several instances need the database and the action key, named with the fix", () => {
    expect(checkDeployment({ REDIS_URL: "redis://x" }).problems).toEqual([
      expect.stringContaining("REDIS_URL is set (several instances) but DATABASE_URL is not"),
      expect.stringContaining("NEXT_SERVER_ACTIONS_ENCRYPTION_KEY is not"),
    ]);
    const shared = checkDeployment({
      REDIS_URL: "redis://x",
      DATABASE_URL: PG,
      NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: KEY,
    });
    expect(shared).toEqual({ mode: "shared", problems: [], notes: [] });
  });

  it("an action key that is not a base64 AES key is refused", () => {
    for (const bad of ["not base64!", Buffer.alloc(20).toString("base64"), ""])
      expect(checkDeployment({ NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: bad }).problems[0]).toContain(
        "openssl rand -base64 32",
      );
    for (const n of [16, 24, 32])
      expect(
        checkDeployment({ NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: Buffer.alloc(n).toString("base64") })
          .problems,
      ).toEqual([]);
  });
});
