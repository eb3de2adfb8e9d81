"use client";

import { useState } from "react";

/**
 * True from the first time `wanted` is true: a lazily loaded dialog is fetched when first
 * opened, then stays mounted (its typed input and focus return survive closing).
 */
export function useLoaded(wanted: boolean): boolean {
  const [loaded, setLoaded] = useState(wanted);
  if (wanted && !loaded) setLoaded(true);
  return loaded || wanted;
}
