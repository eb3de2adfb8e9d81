"use client";

import { lazyComponent } from "@/components/ui/lazy";
import { useHydrated } from "@/components/ui/use-hydrated";

/**
 * Toasts without sonner in the first load (~10 KiB gzip, and no page needs it before the user
 * has done something): the module loads right after hydration, and every toast waits for it.
 */
const load = () => import("sonner");

const LazyToaster = lazyComponent(() => load().then((m) => m.Toaster));

export function Toaster() {
  // The toaster is browser-only: nothing on the server or in the hydration pass.
  return useHydrated() ? <LazyToaster richColors closeButton position="bottom-right" /> : null;
}

type Kind = "success" | "error" | "info";
const show = (kind: Kind) => (message: string) => {
  void load().then((m) => m.toast[kind](message));
};

export const toast = { success: show("success"), error: show("error"), info: show("info") };
