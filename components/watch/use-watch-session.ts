"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { RemoteTrack, Room } from "livekit-client";
import { endWatch, startWatch } from "@/app/p/[project]/rooms/[room]/actions";
import { isWatcher } from "@/lib/watch/identity";

export type WatchedTrack = {
  sid: string;
  kind: "audio" | "video";
  track: RemoteTrack;
  muted: boolean;
};
export type WatchedParticipant = {
  identity: string;
  name: string;
  quality: string;
  tracks: WatchedTrack[];
};
export type EndReason = "stopped" | "left" | "maximum" | "disconnected";
export type WatchStatus =
  | { status: "starting" }
  | { status: "live"; identity: string; endsAtMs: number }
  | { status: "failed"; message: string };

/** The room's people and their subscribed tracks, as the hidden listener receives them. */
function snapshot(room: Room): WatchedParticipant[] {
  return [...room.remoteParticipants.values()]
    .filter((p) => !isWatcher({ identity: p.identity, permission: p.permissions }))
    .map((p) => ({
      identity: p.identity,
      name: p.name || p.identity,
      quality: p.connectionQuality,
      tracks: [...p.trackPublications.values()].flatMap((pub) =>
        pub.track
          ? [
              {
                sid: pub.trackSid,
                kind: String(pub.kind) === "video" ? ("video" as const) : ("audio" as const),
                track: pub.track,
                muted: pub.isMuted,
              },
            ]
          : [],
      ),
    }));
}

const REFRESH_ON = [
  "participantConnected",
  "participantDisconnected",
  "trackSubscribed",
  "trackUnsubscribed",
  "trackMuted",
  "trackUnmuted",
  "connectionQualityChanged",
  "participantNameChanged",
] as const;

/**
 * One watch: asks the server for a hidden, subscribe-only token, joins with LiveKit's browser
 * SDK (loaded here, only now), and leaves at once on stop, unmount, tab close or the maximum.
 * Each end is recorded by `endWatch`, which also removes the identity in case leaving failed.
 */
export function useWatchSession(project: string, room: string, onEnded: (r: EndReason) => void) {
  const [status, setStatus] = useState<WatchStatus>({ status: "starting" });
  const [people, setPeople] = useState<WatchedParticipant[]>([]);
  const endRef = useRef<(r: EndReason, quiet?: boolean) => void>(() => undefined);
  const endedRef = useRef(onEnded);
  useEffect(() => {
    endedRef.current = onEnded;
  }, [onEnded]);

  useEffect(() => {
    let lk: Room | undefined;
    let identity: string | undefined;
    let ended = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    /** Leaves and records the end; `quiet` keeps the panel open (to show why it failed). */
    const end = (reason: EndReason, quiet = false) => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      void lk?.disconnect();
      if (identity) void endWatch({ project, room, identity, reason }).catch(() => undefined);
      if (!quiet) endedRef.current(reason);
    };
    endRef.current = end;
    void (async () => {
      const res = await startWatch({ project, room });
      if (!res.ok) return setStatus({ status: "failed", message: res.error.message });
      identity = res.data.identity;
      if (ended) return void endWatch({ project, room, identity, reason: "left" });
      const { Room: LiveKitRoom, RoomEvent } = await import("livekit-client");
      lk = new LiveKitRoom({ adaptiveStream: false, dynacast: false });
      const refresh = () => lk && setPeople(snapshot(lk));
      for (const e of REFRESH_ON) lk.on(e, refresh);
      await lk.connect(res.data.url, res.data.token, { autoSubscribe: true });
      if (ended) return void lk.disconnect();
      // Only once in: a failed join is said in the panel, not as a closed connection.
      lk.on(RoomEvent.Disconnected, () => end("disconnected"));
      const maxMs = res.data.maxSec * 1000;
      timer = setTimeout(() => end("maximum"), maxMs);
      setStatus({ status: "live", identity, endsAtMs: Date.now() + maxMs });
      refresh();
    })().catch((e: unknown) => {
      const why = e instanceof Error ? e.message : String(e);
      setStatus({
        status: "failed",
        message: `The browser could not join the room through LiveKit (${why}). Check that LiveKit's address is reachable from this browser, then watch again.`,
      });
      end("left", true);
    });
    // Leaving the page (or closing the tab) leaves the room at once, with no one to tell.
    const onPageHide = () => end("left", true);
    window.addEventListener("pagehide", onPageHide);
    return () => {
      window.removeEventListener("pagehide", onPageHide);
      end("left", true);
    };
  }, [project, room]);

  const stop = useCallback(() => {
    endRef.current("stopped", true);
    endedRef.current("stopped");
  }, []);
  return { status, people, stop };
}
