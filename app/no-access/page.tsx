import { SignOutButton } from "@/components/auth/sign-out-button";

export default function NoAccess() {
  return (
    <main className="mx-auto max-w-lg px-6 py-24 text-center">
      <h1 className="text-xl font-semibold">No project is open to you</h1>
      <p className="mt-2 text-sm text-slate-600">
        You are signed in, but your account has no role in any project. Ask an admin to add one in
        the operators file.
      </p>
      <div className="mt-6 flex justify-center">
        <SignOutButton />
      </div>
    </main>
  );
}
