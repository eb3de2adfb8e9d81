"use client";

import { useSyncExternalStore } from "react";
import { lazyComponent } from "@/components/ui/lazy";

/**
 * Toasts without sonner in the first load (~10 KiB gzip, and no page needs it before the user
 * has done something): the module loads right after hydration, and every toast waits for it.
 */
const load = () => import("sonner");

const LazyToaster = lazyComponent(() => load().then((m) => m.Toaster));

const noSubscription = () => () => {};

export function Toaster() {
  // False on the server and in the hydration pass, true after: the toaster is browser-only.
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  return hydrated ? <LazyToaster richColors closeButton position="bottom-right" /> : null;
}

type Kind = "success" | "error" | "info";
const show = (kind: Kind) => (message: string) => {
  void load().then((m) => m.toast[kind](message));
};

export const toast = { success: show("success"), error: show("error"), info: show("info") };
