import { ConfigError, parseLiveKitEnv } from "@/lib/config-schema";

export function checkConfigOrExit() {
  try {
    const target = parseLiveKitEnv(process.env);
    console.log(
      `LiveKit Admin: using LiveKit at ${target.url}${target.embedded ? " (local dev server; set LIVEKIT_URL for another)" : ""}`,
    );
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(`LiveKit Admin cannot start.\n${e.message}`);
    process.exit(1);
  }
}
