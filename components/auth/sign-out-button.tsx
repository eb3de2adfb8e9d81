/** A plain form POST: works without JavaScript and cannot be triggered by a cross-site link. */
export function SignOutButton() {
  return (
    <form action="/api/auth/sign-out" method="post">
      <button
        type="submit"
        className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900"
      >
        Sign out
      </button>
    </form>
  );
}
