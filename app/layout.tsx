import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import "./globals.css";
import { Providers } from "./providers";
import { ServerBadge } from "@/components/server-badge";

export const metadata: Metadata = {
  title: { default: "LiveKit Admin", template: "%s · LiveKit Admin" },
  description: "Manage the rooms of a LiveKit server",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <Providers>
          <header className="border-b border-slate-200 bg-white">
            <div className="mx-auto flex h-14 max-w-7xl items-center gap-6 px-6">
              <Link href="/rooms" className="flex items-center gap-2 font-semibold tracking-tight">
                <span
                  aria-hidden
                  className="grid size-7 place-items-center rounded-md bg-slate-900 text-xs text-white"
                >
                  LK
                </span>
                LiveKit Admin
              </Link>
              <nav aria-label="Main" className="text-sm text-slate-600">
                <Link href="/rooms" className="hover:text-slate-900">
                  Rooms
                </Link>
              </nav>
              <ServerBadge />
            </div>
          </header>
          <main className="mx-auto max-w-7xl px-6 py-8">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
