"use client";

import type { AnchorHTMLAttributes } from "react";
import { isPlainClick } from "@/components/ui/client-links";

type Props = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href" | "onClick"> & {
  /** The page in the new state, as its URL: followed before the app runs, or in a new tab. */
  href: string;
  /** The same change made in place, once the app runs (no page load, no server render). */
  onFollow: () => void;
};

/**
 * A control that changes a view whose state lives in the URL (sort, page): a real link, so it
 * works from the first paint, before the app's scripts run (they load after that paint), and
 * opens the view in a new tab on a middle or modified click; a plain click once the app runs
 * changes the state in place instead.
 */
export function StateLink({ href, onFollow, ...props }: Props) {
  return (
    <a
      href={href}
      onClick={(e) => {
        if (!isPlainClick(e)) return;
        e.preventDefault();
        onFollow();
      }}
      {...props}
    />
  );
}
