"use client";

import { useLayoutEffect, useRef, type RefObject } from "react";

type Field = HTMLInputElement | HTMLSelectElement;

/**
 * What was typed (or chosen) in a field before the page's scripts ran. The server's HTML shows
 * the field at once and the app starts a frame or more later (longer on a first visit, when
 * its files load after the first paint). React keeps the field's text when it takes over, but
 * its state still holds the server's value: the rows would not follow the text, and the next
 * render would put the server's value back, so the letters would vanish. When the page starts,
 * this hands the field's own value to `apply`, as if it had been typed just then.
 *
 * `ref` is the field's ref; `value` what the app's state holds for it.
 */
export function useTypedBeforeStart(
  ref: RefObject<Field | null>,
  value: string,
  apply: (typed: string) => void,
): void {
  const first = useRef({ value, apply });
  // Once, as the page starts (in the commit that takes over the server's HTML, before any
  // other render could write the field); afterwards every change comes through onChange.
  useLayoutEffect(() => {
    const typed = ref.current?.value;
    if (typed !== undefined && typed !== first.current.value) first.current.apply(typed);
  }, [ref]);
}
