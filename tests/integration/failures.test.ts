import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createRoom } from "@/app/p/[project]/rooms/actions";
import { startLiveKit } from "../support/livekit";
import { PORTS } from "../support/ports";
import { sdk, uniqueRoom } from "../support/sdk";

const saved = { ...process.env };
afterEach(() => {
  process.env.LIVEKIT_URL = saved.LIVEKIT_URL;
  process.env.LIVEKIT_API_KEY = saved.LIVEKIT_API_KEY;
  process.env.LIVEKIT_API_SECRET = saved.LIVEKIT_API_SECRET;
});

describe("when LiveKit misbehaves, the operator is told what happened and what to do", () => {
  it("a wrong secret names LIVEKIT_API_SECRET and the server, and creates nothing", async () => {
    process.env.LIVEKIT_API_SECRET = "not-the-secret";
    const name = uniqueRoom("wrongsecret");
    const result = await createRoom({ project: "default", name });
    expect(result).toEqual({
      ok: false,
      error: {
        code: "unauthorized",
        message: `LiveKit at http://127.0.0.1:${PORTS.integration} refused the API key's signature. Check that LIVEKIT_API_SECRET belongs to LIVEKIT_API_KEY.`,
      },
    });
    expect(await sdk().listRooms([name])).toEqual([]);
  });

  it("an unknown key names LIVEKIT_API_KEY", async () => {
    process.env.LIVEKIT_API_KEY = "nobody";
    const result = await createRoom({ project: "default", name: uniqueRoom("wrongkey") });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: "unauthorized",
        message: expect.stringContaining("does not know this API key. Check LIVEKIT_API_KEY"),
      },
    });
  });

  it("a stopped server is reported as unreachable, with the URL and the refused connection", async () => {
    const server = await startLiveKit({ port: PORTS.integrationScratch });
    process.env.LIVEKIT_URL = server.wsUrl;
    expect((await createRoom({ project: "default", name: uniqueRoom("before-stop") })).ok).toBe(
      true,
    );
    await server.stop();
    const result = await createRoom({ project: "default", name: uniqueRoom("after-stop") });
    expect(result).toEqual({
      ok: false,
      error: {
        code: "unreachable",
        message: `Cannot reach LiveKit at ${server.url}: the connection was refused or dropped (ECONNREFUSED). Check that the server is running and LIVEKIT_URL is right.`,
      },
    });
  });

  it("a server that never answers is reported as slow after the request timeout", async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((s) => sockets.add(s));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const { port } = silent.address() as net.AddressInfo;
    process.env.LIVEKIT_URL = `http://127.0.0.1:${port}`;
    try {
      const result = await createRoom({ project: "default", name: uniqueRoom("slow") });
      expect(result).toMatchObject({
        ok: false,
        error: {
          code: "timeout",
          message: expect.stringContaining(
            `LiveKit at http://127.0.0.1:${port} did not answer in time`,
          ),
        },
      });
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });

  it("a malformed LIVEKIT_URL is a configuration error naming the variable", async () => {
    process.env.LIVEKIT_URL = "ftp://example";
    const result = await createRoom({ project: "default", name: uniqueRoom("cfg") });
    expect(result).toMatchObject({
      ok: false,
      error: { code: "config", message: expect.stringContaining("LIVEKIT_URL uses ftp") },
    });
  });
});
