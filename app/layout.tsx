import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import "./globals.css";
import { Providers } from "./providers";
import { SITE_DESCRIPTION } from "@/lib/site";
import { originOf } from "@/lib/http/request";

// Every page is rendered per request: its scripts carry that request's CSP nonce (proxy.ts).
export const dynamic = "force-dynamic";

/** Absolute URLs (link previews: the sign-in page's), from the address asked for. */
export async function generateMetadata(): Promise<Metadata> {
  let base: URL | undefined;
  try {
    base = new URL(originOf(await headers()));
  } catch {
    base = undefined;
  }
  return {
    metadataBase: base,
    title: { default: "LiveKit Admin", template: "%s · LiveKit Admin" },
    description: SITE_DESCRIPTION,
    // An admin console has no business in search results (robots.txt and X-Robots-Tag too).
    robots: { index: false, follow: false },
  };
}

/**
 * Runs before the first paint: the theme asked for (or the system's), so a dark page never
 * flashes light. The toggle in the header (components/theme-toggle.tsx) keeps the same key.
 */
const THEME_SCRIPT = `try{var t=localStorage.getItem("lka-theme");var d=t==="dark"||(t!=="light"&&matchMedia("(prefers-color-scheme: dark)").matches);document.documentElement.classList.toggle("dark",d)}catch(e){}`;

export default async function RootLayout({ children }: { children: ReactNode }) {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    // The theme script sets a class on <html> before React runs.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-screen">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
