import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-lg px-6 py-24 text-center">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="mt-2 text-sm text-slate-600">
        This page does not exist, or it belongs to a project you have no access to.
      </p>
      <Link href="/" className="mt-6 inline-block text-sm font-medium underline">
        Go to your rooms
      </Link>
    </main>
  );
}
