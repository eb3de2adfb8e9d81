"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { lazyComponent } from "@/components/ui/lazy";
import { toast } from "@/components/ui/toast";
import type { EndReason } from "./use-watch-session";

// The live view and LiveKit's browser SDK load only when Watch is pressed.
const WatchPanel = lazyComponent(() => import("./watch-panel").then((m) => m.WatchPanel));

const ENDED: Record<EndReason, string | undefined> = {
  stopped: undefined,
  left: undefined,
  maximum: "The watch reached its maximum length (WATCH_MAX_MIN) and ended.",
  disconnected: "The watch ended: LiveKit closed the connection (the room may have closed).",
};

/** Watch: a hidden, audited live view of the room's media (docs/watch.md). */
export function useWatch(project: string, room: string) {
  // Made in the click itself: browsers start audio only from a user's gesture.
  const [context, setContext] = useState<AudioContext | null>(null);
  const start = () => setContext(new AudioContext());
  const close = (reason: EndReason) => {
    const message = ENDED[reason];
    if (message) toast.info(message);
    void context?.close();
    setContext(null);
  };
  const button = (
    <Button variant="secondary" onClick={start} disabled={context !== null}>
      Watch
    </Button>
  );
  const panel = context && (
    <WatchPanel project={project} room={room} context={context} onEnded={close} />
  );
  return { button, panel };
}
