"use client";

import { QueryClient, QueryClientProvider, QueryObserver } from "@tanstack/react-query";
import type { ComponentType } from "react";

/**
 * react-query, loaded after the page is drawn and hydrated (see load-engine.ts): the live
 * views first show the rows the server rendered, then follow them through observers of this
 * tab's one QueryClient. Dialogs, which load when opened, get the same client.
 */

let client: QueryClient | undefined;

/** This tab's QueryClient. Browser only: a server-side one would be shared by every request. */
export function liveClient(): QueryClient {
  if (typeof window === "undefined") throw new Error("The live client exists only in the browser");
  if (!client) {
    client = new QueryClient({
      defaultOptions: {
        queries: { staleTime: 1_000, retry: false, refetchOnWindowFocus: true },
        mutations: { retry: false },
      },
    });
    // What QueryClientProvider does on mount: refetch on focus and on reconnect. Never undone:
    // the client lives as long as the tab.
    client.mount();
  }
  return client;
}

export { QueryObserver };

/** A lazily loaded component that uses react-query's hooks, under this tab's client. */
export function withQueryClient<P extends object>(Component: ComponentType<P>) {
  return function WithQueryClient(props: P) {
    return (
      <QueryClientProvider client={liveClient()}>
        <Component {...props} />
      </QueryClientProvider>
    );
  };
}
