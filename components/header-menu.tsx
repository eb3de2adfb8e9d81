"use client";

import { usePathname } from "next/navigation";
import { useState, type ReactNode } from "react";

/**
 * The header's navigation and account controls: in a row on a laptop, behind a Menu button on a
 * phone (closed again by any navigation). One copy of each control, whatever the width.
 */
export function HeaderMenu({ children }: { children: ReactNode }) {
  const path = usePathname();
  // Open for the page it was opened on: navigating elsewhere closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === path;
  return (
    <>
      <button
        type="button"
        className="ml-auto rounded-md border border-slate-300 px-3 py-1 text-sm lg:hidden"
        aria-expanded={open}
        aria-controls="header-menu"
        onClick={() => setOpenOn(open ? null : path)}
      >
        Menu
      </button>
      <div
        id="header-menu"
        className={`${open ? "flex" : "hidden"} w-full flex-col gap-3 pb-3 lg:flex lg:w-auto lg:flex-1 lg:flex-row lg:items-center lg:gap-6 lg:pb-0`}
      >
        {children}
      </div>
    </>
  );
}
