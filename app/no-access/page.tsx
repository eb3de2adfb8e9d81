import { SignOutButton } from "@/components/auth/sign-out-button";
import { accessConfig } from "@/lib/auth/access";
import { grantingGroups } from "@/lib/auth/oidc/roles";
import { currentActor } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

const list = (names: string[]) =>
  names.map((n, i) => (
    <span key={n}>
      {i > 0 && ", "}
      <code className="font-mono">{n}</code>
    </span>
  ));

export default async function NoAccess() {
  // The groups are a help, not a gate: without the database the page still says what it says.
  const actor = await currentActor().catch(() => undefined);
  const { oidc, projects } = accessConfig();
  const granting =
    actor?.oidc && oidc
      ? grantingGroups(
          oidc.roles,
          projects.map((p) => p.name),
        )
      : undefined;
  return (
    <main className="mx-auto max-w-lg px-6 py-24 text-center">
      <h1 className="text-xl font-semibold">No project is open to you</h1>
      {granting && oidc && actor?.oidc ? (
        <div className="mt-2 space-y-2 text-sm text-slate-600" data-testid="no-access-groups">
          <p>
            You are signed in with {oidc.name} as {actor.username}, but none of your groups gives a
            role in any project.
          </p>
          <p>
            {granting.length > 0 ? (
              <>Members of any of these groups have access: {list(granting)}.</>
            ) : (
              <>No group is given a role yet: an admin sets them in the operators file.</>
            )}{" "}
            {actor.oidc.groups.length > 0 ? (
              <>
                {oidc.name} names you in: {list(actor.oidc.groups.slice(0, 20))}
                {actor.oidc.groups.length > 20 ? ` and ${actor.oidc.groups.length - 20} more` : ""}.
              </>
            ) : (
              <>{oidc.name} names you in no group.</>
            )}
          </p>
          <p>Ask whoever runs {oidc.name} to add you to one, then sign in again.</p>
        </div>
      ) : (
        <p className="mt-2 text-sm text-slate-600">
          You are signed in, but your account has no role in any project. Ask an admin to add one in
          the operators file.
        </p>
      )}
      <div className="mt-6 flex justify-center">
        <SignOutButton />
      </div>
    </main>
  );
}
