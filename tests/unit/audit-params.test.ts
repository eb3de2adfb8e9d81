import { describe, expect, it } from "vitest";
import { safeParams } from "@/lib/db/audit-store";

describe("what an audit row keeps of the parameters", () => {
  it("a URL's password, token and stream key never stand in a row, at any depth", () => {
    const text = JSON.stringify(
      safeParams({
        url: "https://cam:pw-Rf27@cam.example/live?token=tk-Qx5",
        outputs: [{ stream: "rtmp://a.rtmp.youtube.com/live2/sk-9f2b", s3: { secret: "s3-sec" } }],
        note: "failed at rtmps://live.example.com/app/sk-77a.",
      }),
    );
    for (const secret of ["pw-Rf27", "tk-Qx5", "sk-9f2b", "s3-sec", "sk-77a"])
      expect(text).not.toContain(secret);
    expect(text).toContain("https://cam.example/live");
    expect(text).toContain("rtmp://a.rtmp.youtube.com/live2/••••");
  });

  it("keys that name a secret are dropped, nested ones too; other text is kept as written", () => {
    expect(
      safeParams({ authPassword: "x", pin: "1234", room: "a/b c", meta: { apiKey: "k", n: 1 } }),
    ).toEqual({ room: "a/b c", meta: { n: 1 } });
  });
});
