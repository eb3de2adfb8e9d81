"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import { focusPageHeading } from "@/components/ui/return-focus";

const lost = () => document.activeElement === null || document.activeElement === document.body;

/**
 * After an in-app navigation from a link that the new page no longer has (a room in the table,
 * a "view" link), focus would fall to the page body. It goes to the new page's heading instead,
 * which a screen reader then reads. Focus that is still somewhere (the header's links) stays.
 */
export function FocusOnNavigate() {
  const path = usePathname();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (lost()) focusPageHeading();
    // The page may stream its heading in a moment later.
    const t = setTimeout(() => lost() && focusPageHeading(), 300);
    return () => clearTimeout(t);
  }, [path]);
  return null;
}
