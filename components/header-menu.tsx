"use client";

import { useEffect, useRef, type ReactNode } from "react";
import { closePopover, useClosedOnNavigation } from "@/components/ui/popover";

/** Tailwind's `lg`: from here the controls stand in a row and there is no Menu button. */
const WIDE = "(min-width: 64rem)";

/**
 * The header's navigation and account controls: in a row on a laptop, behind a Menu button on a
 * phone. One copy of each control, whatever the width.
 *
 * The Menu is an HTML popover opened by its button (popovertarget), so it works from the first
 * paint, before the app's scripts have run (they load after that paint, later still on a slow
 * first visit), and without them. The browser gives the button its expanded state and closes
 * the menu on Escape or a tap elsewhere. The app adds: any navigation closes it, and so does
 * widening the window past the phone layout.
 */
export function HeaderMenu({ children }: { children: ReactNode }) {
  const menu = useRef<HTMLDivElement>(null);
  useClosedOnNavigation(menu);
  useEffect(() => {
    const wide = window.matchMedia(WIDE);
    const onChange = () => {
      if (wide.matches) closePopover(menu.current);
    };
    wide.addEventListener("change", onChange);
    return () => wide.removeEventListener("change", onChange);
  }, []);
  return (
    <>
      <button
        type="button"
        popoverTarget="header-menu"
        className="ml-auto rounded-md border border-slate-300 px-3 py-1 text-sm lg:hidden"
      >
        Menu
      </button>
      <div
        id="header-menu"
        ref={menu}
        popover="auto"
        className={[
          // A phone: hidden until opened, then a sheet under the header's row.
          "hidden open:flex fixed inset-x-0 top-14 bottom-auto m-0 h-auto w-full",
          "max-h-[calc(100dvh-3.5rem)] flex-col gap-3 overflow-y-auto",
          "border-0 border-b border-slate-200 bg-white p-4 text-slate-900 shadow-lg",
          // A laptop: in the row, the popover's own box (fixed, framed, Canvas colours) undone.
          "lg:static lg:flex lg:max-h-none lg:w-auto lg:min-w-0 lg:flex-1 lg:flex-row",
          "lg:items-center lg:gap-x-5 lg:overflow-visible lg:border-0 lg:bg-transparent lg:p-0",
          "lg:text-inherit lg:shadow-none lg:whitespace-nowrap",
          // Under 1280 px the controls do not fit beside the links: they take a row of their
          // own. From 1280 px up all is one row, however long the names (app-header.tsx).
          "lg:flex-wrap lg:gap-y-2 lg:py-2 xl:flex-nowrap xl:py-0",
        ].join(" ")}
      >
        {children}
      </div>
    </>
  );
}
