import "server-only";
import { NextResponse } from "next/server";
import { safeNext } from "@/lib/auth/safe-next";

/** A 303 (the browser follows it with a GET), never cached: every answer of the sign-on routes. */
export const seeOther = (location: string) =>
  new NextResponse(null, {
    status: 303,
    headers: { Location: location, "Cache-Control": "no-store" },
  });

/**
 * Back to the sign-in page with a failure's code (the page says it in words), keeping the page
 * asked for. A relative Location: right behind any proxy.
 */
export function backToSignIn(code: string, next?: string): NextResponse {
  const q = new URLSearchParams({ failed: code });
  const safe = safeNext(next);
  if (safe) q.set("next", safe);
  return seeOther(`/sign-in?${q}`);
}
