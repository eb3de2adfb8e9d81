import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { accessConfig } from "@/lib/auth/access";
import { DEMO_PASSWORD, DEMO_USERS } from "@/lib/auth/access-config";
import { currentActor } from "@/lib/auth/session";
import { landingPath, safeNext } from "@/lib/auth/landing";
import { cookies } from "next/headers";
import {
  signInFailureMessage,
  TYPED_USERNAME_COOKIE,
  typedUsername,
} from "@/lib/auth/sign-in-failures";
import { SignInForm } from "./sign-in-form";
import { SITE_DESCRIPTION } from "@/lib/site";
import { headers } from "next/headers";
import { fromConsoleServer, SERVED_WRONG } from "@/lib/http/request";
import { oidcFailureMessage } from "@/lib/auth/oidc/failures";
import { SignOnButton } from "@/components/auth/sign-on-button";

/**
 * The link preview (a console link pasted into chat) is this page's: whoever unfurls a link
 * has no session, so every page of the console sends them here. Signed-in pages leave it out.
 */
export const metadata: Metadata = {
  title: "Sign in",
  openGraph: {
    title: "LiveKit Admin",
    description: SITE_DESCRIPTION,
    images: [{ url: "/og.png", width: 1200, height: 630, alt: "LiveKit Admin" }],
  },
};
export const dynamic = "force-dynamic";

type Search = Promise<{ next?: string; "signed-out"?: string; failed?: string }>;

export default async function SignInPage({ searchParams }: { searchParams: Search }) {
  const search = await searchParams;
  if (await currentActor()) redirect(safeNext(search.next) ?? (await landingPath()));
  const { demo, oidc, passwords } = accessConfig();
  // Back from a failed sign-in that the browser posted itself: the username typed is kept.
  const typed = search.failed
    ? typedUsername((await cookies()).get(TYPED_USERNAME_COOKIE)?.value)
    : undefined;
  const servedWrong = !fromConsoleServer(await headers());
  // A failure of the provider's way in, in words naming the provider as configured.
  const failedOnProvider =
    oidcFailureMessage(
      search.failed,
      oidc && { name: oidc.name, issuer: oidc.issuer, secretEnv: oidc.clientSecretEnv },
    ) ?? (!passwords ? signInFailureMessage(search.failed) : undefined);
  return (
    <main className="grid min-h-screen place-items-center px-6">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center gap-2 text-lg font-semibold">
          <span
            aria-hidden
            className="grid size-8 place-items-center rounded-md bg-slate-900 text-xs text-white"
          >
            LK
          </span>
          LiveKit Admin
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="text-xl font-semibold">Sign in</h1>
          {servedWrong && (
            <p role="alert" className="mt-2 rounded-md bg-red-50 p-2 text-sm text-red-900">
              {SERVED_WRONG}
            </p>
          )}
          {search["signed-out"] === "1" && (
            <p className="mt-2 text-sm text-slate-600">You are signed out.</p>
          )}
          {search["signed-out"] === "unrevoked" && (
            <p role="alert" className="mt-2 rounded-md bg-amber-50 p-2 text-sm text-amber-900">
              This browser is signed out, but the console&apos;s database could not be reached to
              revoke the session everywhere. Sign in and out again once it is back.
            </p>
          )}
          {oidc && <SignOnButton name={oidc.name} next={safeNext(search.next)} />}
          {oidc && passwords && (
            <p className="mt-4 flex items-center gap-3 text-xs text-slate-500" aria-hidden>
              <span className="h-px flex-1 bg-slate-200" />
              or with a password
              <span className="h-px flex-1 bg-slate-200" />
            </p>
          )}
          {failedOnProvider && (
            <p role="alert" className="mt-4 rounded-md bg-red-50 p-3 text-sm text-red-700">
              {failedOnProvider}
            </p>
          )}
          {passwords && (
            <SignInForm
              next={safeNext(search.next)}
              failed={signInFailureMessage(search.failed)}
              username={typed}
              shownAbove={servedWrong ? SERVED_WRONG : undefined}
            />
          )}
        </div>
        {demo && (
          <div
            className="mt-4 rounded-lg border border-sky-200 bg-sky-50 p-4 text-sm text-sky-950"
            data-testid="demo-credentials"
          >
            <p className="font-medium">Local demo</p>
            <p className="mt-1">
              Password <code className="font-mono">{DEMO_PASSWORD}</code> for the users{" "}
              {DEMO_USERS.map((u, i) => (
                <span key={u.username}>
                  {i > 0 && (i === DEMO_USERS.length - 1 ? " and " : ", ")}
                  <code className="font-mono">{u.username}</code>
                </span>
              ))}{" "}
              (each has the role of its name).
            </p>
          </div>
        )}
      </div>
    </main>
  );
}
