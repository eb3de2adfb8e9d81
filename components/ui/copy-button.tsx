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
      <span aria-hidden>{copied ? "✓" : "⧉"}</span>
      <span role="status" className="sr-only">
        {copied ? `Copied ${what}` : failed ? "Could not copy" : ""}
      </span>
    </button>
  );
}
