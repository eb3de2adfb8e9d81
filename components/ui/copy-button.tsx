"use client";

import { useState } from "react";

/**
 * Copies a value (a room name, a sid, an identity) to the clipboard, and says so: on-call staff
 * paste them into the CLI, logs and incident channels. Shows "Copied" for two seconds.
 */
export function CopyButton({ value, what }: { value: string; what: string }) {
  const [copied, setCopied] = useState(false);
  const [failed, setFailed] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setFailed(false);
      setTimeout(() => setCopied(false), 2_000);
    } catch {
      setFailed(true);
    }
  };
  return (
    <button
      type="button"
      onClick={() => void copy()}
      aria-label={`Copy ${what}`}
      title={failed ? "The browser refused to copy" : `Copy ${what}`}
      className="ml-1 inline-flex items-center rounded px-1 align-middle text-xs font-normal text-slate-500 hover:bg-slate-100 hover:text-slate-900"
    >
      {/* Drawn, not a character: "⧉" was an empty box in fonts without it. */}
      <svg
        aria-hidden
        viewBox="0 0 16 16"
        className="size-3.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        {copied ? (
          <path d="m3 8.5 3 3 7-7" />
        ) : (
          <>
            <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
            <path d="M10.5 3.5v-.5A1.5 1.5 0 0 0 9 1.5H4A1.5 1.5 0 0 0 2.5 3v5A1.5 1.5 0 0 0 4 9.5h.5" />
          </>
        )}
      </svg>
      <span role="status" className="sr-only">
        {copied ? `Copied ${what}` : failed ? "Could not copy" : ""}
      </span>
    </button>
  );
}
