"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

/** A main-navigation link that says (to eyes and screen readers) when it is the current page. */
export function NavLink({
  href,
  exact = false,
  children,
}: {
  href: string;
  /** Current only on this very path (the overview), not on the pages under it. */
  exact?: boolean;
  children: ReactNode;
}) {
  const path = usePathname();
  const current = exact ? path === href : path === href || path.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      // Prefetching a dynamic page fetches little but still runs its layouts on the server: on
      // every page load, four requests beside the page's own, while the operator starts typing.
      prefetch={false}
      aria-current={current ? "page" : undefined}
      className={`whitespace-nowrap ${
        current
          ? "font-medium text-slate-900 underline decoration-2 underline-offset-[6px]"
          : "hover:text-slate-900"
      }`}
    >
      {children}
    </Link>
  );
}
