"use client";

import type { ReactNode } from "react";
import { Toaster } from "@/components/ui/toast";

/**
 * No QueryClientProvider here: react-query loads after the first paint (components/live/engine),
 * and the dialogs that use its hooks bring the tab's client with them (withQueryClient).
 */
export function Providers({ children }: { children: ReactNode }) {
  return (
    <>
      {children}
      <Toaster />
    </>
  );
}
