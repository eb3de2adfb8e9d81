"use client";

import { useEffect, useState } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";

type Theme = "system" | "light" | "dark";
const KEY = "lka-theme";
const NEXT: Record<Theme, Theme> = { system: "light", light: "dark", dark: "system" };
const LABEL: Record<Theme, string> = {
  system: "Theme: system",
  light: "Theme: light",
  dark: "Theme: dark",
};

function stored(): Theme {
  try {
    const t = localStorage.getItem(KEY);
    return t === "light" || t === "dark" ? t : "system";
  } catch {
    return "system";
  }
}

function apply(theme: Theme) {
  const dark =
    theme === "dark" ||
    (theme === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
}

/** System, light or dark; remembered in this browser. "System" follows the OS as it changes. */
export function ThemeToggle() {
  const hydrated = useHydrated();
  const [theme, setTheme] = useState<Theme>(() =>
    typeof window === "undefined" ? "system" : stored(),
  );
  useEffect(() => {
    apply(theme);
    if (theme !== "system") return;
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    const follow = () => apply("system");
    media.addEventListener("change", follow);
    return () => media.removeEventListener("change", follow);
  }, [theme]);
  const choose = () => {
    const next = NEXT[theme];
    try {
      if (next === "system") localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, next);
    } catch {
      /* private mode: this page only */
    }
    setTheme(next);
  };
  return (
    <button
      type="button"
      onClick={choose}
      className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900"
      aria-label={`${hydrated ? LABEL[theme] : LABEL.system}. Change theme`}
      title="Change theme (system, light, dark)"
      data-hydrated={hydrated || undefined}
    >
      <span aria-hidden>
        {!hydrated || theme === "system" ? "◐" : theme === "dark" ? "☾" : "☀"}
      </span>
    </button>
  );
}
